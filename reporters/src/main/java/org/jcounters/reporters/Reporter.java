package org.jcounters.reporters;

import java.time.Duration;
import org.jcounters.core.Report;

/**
 * Writes a report somewhere: a file, a log, an exporter. Called from the reporting thread, one
 * report at a time; every reporter of a round receives the same {@link Report}. A reporter that
 * throws is logged and skipped for that round: it stops neither the others nor later rounds.
 *
 * <p>The tutorial's shape works on any reporter: {@link #startAutoReport()} registers it with the
 * process's {@linkplain ReportingController#global() global controller}, which reports the default
 * engine (found through {@link org.jcounters.internal.core.SnapshotSourceProvider}).
 *
 * <pre>{@code
 * Reporter reporter = new JsonFileReporter(Path.of("/tmp/server.counters.json"));
 * reporter.startAutoReport();           // every 5 minutes, as PyCounters
 * ...
 * reporter.stopAutoReport();            // one final report, then no more
 * }</pre>
 */
@FunctionalInterface
public interface Reporter {
  /**
   * Outputs one report. May throw: the controller logs the failure and goes on.
   *
   * @param report the round's report, the same immutable object for every reporter of the round
   * @throws Exception if the report could not be output
   */
  void report(Report report) throws Exception;

  /**
   * Registers this reporter with the {@linkplain ReportingController#global() global controller}
   * and starts its automatic reports every {@link ReportingController#DEFAULT_PERIOD 5 minutes}.
   *
   * @throws IllegalStateException if no engine is on the class path
   */
  default void startAutoReport() {
    startAutoReport(ReportingController.DEFAULT_PERIOD);
  }

  /**
   * Registers this reporter with the {@linkplain ReportingController#global() global controller}
   * and (re)starts its automatic reports with {@code period}. The period is the controller's, so it
   * applies to every reporter registered there: the last call wins, as in PyCounters.
   *
   * @param period the time between two reports
   * @throws IllegalArgumentException if {@code period} is not positive
   * @throws IllegalStateException if no engine is on the class path
   */
  default void startAutoReport(Duration period) {
    ReportingController controller = ReportingController.global();
    controller.register(this);
    controller.start(period);
  }

  /**
   * Hands this reporter one final report and unregisters it from the global controller; the
   * schedule stops when no reporter is left. A no-op for a reporter that is not registered there.
   */
  default void stopAutoReport() {
    ReportingController.global().finalReportAndUnregister(this);
  }
}
