package org.jcounters.multiprocess;

import java.util.function.Supplier;
import org.jcounters.core.Report;
import org.jcounters.reporters.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reporter that writes only while this process holds the group's {@link WriterLock} under the
 * epoch of the report: see {@link MultiProcessCollection#fenced}. A report collected just before this
 * process stopped leading is dropped (and logged), never written after its successor's.
 */
final class FencedReporter implements Reporter {
  private static final Logger LOG = LoggerFactory.getLogger(FencedReporter.class);

  private final Reporter delegate;
  private final Supplier<WriterLock> lock;

  FencedReporter(Reporter delegate, Supplier<WriterLock> lock) {
    this.delegate = delegate;
    this.lock = lock;
  }

  @Override
  public void report(Report report) throws Exception {
    WriterLock held = lock.get();
    if (held == null || !held.runIfHolding(report.leaderEpoch(), () -> delegate.report(report))) {
      LOG.info("not writing the report of epoch {} to {}: this process no longer holds the writer lock", report.leaderEpoch(), delegate);
    }
  }

  @Override
  public String toString() {
    return "fenced " + delegate;
  }
}
