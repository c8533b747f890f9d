package org.jcounters.reporters;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.core.ReportSource;

/** Small reports for tests. */
final class Reports {
  private Reports() {}

  /** A report with one counter, "n", of value {@code n}. */
  static Report of(long n) {
    return new Report(Map.of("n", new CounterValue.LongSum(n)), 0, 1_700_000_000.5, Map.of());
  }

  /** A source whose reports count up from 1. */
  static ReportSource counting() {
    AtomicLong rounds = new AtomicLong();
    return () -> of(rounds.incrementAndGet());
  }
}
