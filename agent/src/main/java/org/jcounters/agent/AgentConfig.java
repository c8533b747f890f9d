package org.jcounters.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a patches file asks for: the rows to patch, the reporters to start, and when to report rows
 * whose classes were never loaded.
 *
 * @param rows the valid rows, in file order (invalid ones were reported and left out)
 * @param jsonReport the JSON report file to write, or null
 * @param jsonPeriod the period of the JSON report
 * @param prometheusPort the port to serve Prometheus' {@code /metrics} on (loopback), or -1
 * @param unmatchedReportDelay how long after start-up rows that matched no class are reported
 */
record AgentConfig(List<PatchRow> rows, Path jsonReport, Duration jsonPeriod, int prometheusPort, Duration unmatchedReportDelay) {
  static final Duration DEFAULT_UNMATCHED_DELAY = Duration.ofSeconds(60);

  AgentConfig {
    rows = List.copyOf(rows);
  }

  /** Nothing to do: what a missing or malformed file leaves. */
  static AgentConfig empty() {
    return new AgentConfig(List.of(), null, null, -1, DEFAULT_UNMATCHED_DELAY);
  }
}
