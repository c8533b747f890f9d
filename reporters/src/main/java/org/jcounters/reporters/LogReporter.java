package org.jcounters.reporters;

import java.util.Objects;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.internal.reporters.ReportValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs each report through SLF4J, one line per counter, sorted by name, as PyCounters'
 * {@code LogReporter}: {@code "requests_time 0.00039"}. The report's own {@code __x__} keys (collection
 * time, dropped events, node reports) and counters named {@code __x__} are skipped. Values are shown as
 * in the JSON file: {@code null} for no data, nested maps as compact JSON. A counter registered on an
 * event family logs one line per label set, its key in braces: {@code "http_requests{method=GET,status=200} 3"}
 * (the events reported under the plain name, if any, on a line of the plain name).
 *
 * <p>Called from the reporting thread; the logger's own thread-safety applies.
 *
 * <pre>{@code
 * controller.register(new LogReporter(LoggerFactory.getLogger("metrics"), Level.INFO));
 * }</pre>
 */
public final class LogReporter implements Reporter {
  private final Logger logger;
  private final Level level;

  /** Logs at INFO to the logger named {@code org.jcounters.reporters.LogReporter}. */
  public LogReporter() {
    this(LoggerFactory.getLogger(LogReporter.class));
  }

  /**
   * Logs at INFO to {@code logger}.
   *
   * @param logger where the lines go
   * @throws NullPointerException if {@code logger} is null
   */
  public LogReporter(Logger logger) {
    this(logger, Level.INFO);
  }

  /**
   * Logs at {@code level} to {@code logger}.
   *
   * @param logger where the lines go
   * @param level the level of every line; nothing is formatted when the logger does not log it
   * @throws NullPointerException if {@code logger} or {@code level} is null
   */
  public LogReporter(Logger logger, Level level) {
    this.logger = Objects.requireNonNull(logger, "logger");
    this.level = Objects.requireNonNull(level, "level");
  }

  @Override
  public void report(Report report) {
    if (!logger.isEnabledForLevel(level)) {
      return; // skip formatting every value for a level nobody reads
    }
    // Report.values() is sorted by name.
    report.values().forEach((name, value) -> {
      if (ReportValues.isSpecialKey(name)) {
        return;
      }
      if (value instanceof CounterValue.Labelled labelled) {
        // One line per label set, in key order: a family of a thousand label sets stays greppable.
        labelled.series().forEach((key, series) ->
            log(key.isEmpty() ? name : name + "{" + key + "}", ReportValues.toText(series.reportValue())));
      } else {
        log(name, ReportValues.toText(value.reportValue()));
      }
    });
  }

  private void log(String name, String value) {
    switch (level) {
      case ERROR -> logger.error("{} {}", name, value);
      case WARN -> logger.warn("{} {}", name, value);
      case INFO -> logger.info("{} {}", name, value);
      case DEBUG -> logger.debug("{} {}", name, value);
      case TRACE -> logger.trace("{} {}", name, value);
    }
  }

  @Override
  public String toString() {
    return "LogReporter[" + logger.getName() + " at " + level + "]";
  }
}
