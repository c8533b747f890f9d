package org.jcounters.reporters;

/**
 * Writes a report somewhere: a file, a log, an exporter. Called from the reporting thread, one
 * report at a time; every reporter of a round receives the same {@link Report}. A reporter that
 * throws is logged and skipped for that round: it stops neither the others nor later rounds.
 */
@FunctionalInterface
public interface Reporter {
  void report(Report report) throws Exception;
}
