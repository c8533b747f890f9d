package org.jcounters.agent;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcounters.Events;
import org.jcounters.JCounters;

/**
 * The agent's start-up once the engine is on the bootstrap class path: read the patches file,
 * register a counter per event unless the application has one, patch, start the reporters, and
 * schedule the report of rows that matched nothing.
 */
final class AgentStart {
  private AgentStart() {}

  static void start(String argument, Instrumentation instrumentation) {
    AgentConfig config = PatchFile.read(argument);
    Map<String, String> counterTypes = new LinkedHashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    for (PatchRow row : config.rows()) {
      String chosen = counterTypes.putIfAbsent(row.event(), row.counter());
      if (chosen != null && !chosen.equals(row.counter())) {
        AgentLog.warn(row.describe() + ": event '" + row.event() + "' already has a " + chosen + " from an earlier row; its "
            + row.counter() + " is ignored");
      }
      ids.computeIfAbsent(row.event(), Events::id);
    }
    counterTypes.forEach((event, type) -> {
      // A default counter: the application's own register of that name, before or after, wins.
      if (!JCounters.defaultInstance().registerDefault(CounterTypes.create(type, event))) {
        AgentLog.info("the application already registered a counter '" + event + "'; the patches' events go to it");
      }
    });
    PatchProgress progress = new PatchProgress(config.rows());
    if (!config.rows().isEmpty()) {
      Patches.install(instrumentation, config.rows(), ids, progress);
    }
    AgentReporters.start(config);
    progress.scheduleUnmatchedReport(config.unmatchedReportDelay());
    AgentLog.info(config.rows().size() + " patch rows from " + argument + "; " + progress.patchedMethodCount() + " methods in "
        + progress.patchedClassCount() + " classes patched so far, the others are patched as their classes load");
  }
}
