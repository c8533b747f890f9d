package org.jcounters.benchmarks;

import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;

/**
 * Minimal counters used until the real counter types land: a sum of values and an average of timings.
 * The producer's cost does not depend on them (aggregation is the drainer's job); the drainer's does.
 */
final class StandInCounters {
  private StandInCounters() {}

  /** Sums values (a {@code TotalCounter}'s work). */
  static final class Sum extends Counter {
    private long sum;
    private boolean seen;

    Sum(String name) {
      super(name);
    }

    @Override
    public void onValue(int event, long value, long nowNanos) {
      sum += value;
      seen = true;
    }

    @Override
    public CounterValue value(long nowNanos) {
      return seen ? new CounterValue.LongSum(sum) : CounterValue.empty();
    }
  }

  /** Averages the duration of matched start/end pairs (an {@code AverageTimeCounter}'s work, without the window). */
  static final class MeanTime extends Counter {
    private long totalNanos;
    private long count;

    MeanTime(String name) {
      super(name);
    }

    @Override
    public void onTiming(int event, long durationNanos, long nowNanos) {
      totalNanos += durationNanos;
      count++;
    }

    @Override
    public CounterValue value(long nowNanos) {
      return count == 0 ? CounterValue.empty() : new CounterValue.Average(totalNanos / 1e9 / count, count);
    }
  }

  /** Counts occurrences (an {@code EventCounter}'s work). */
  static final class Occurrences extends Counter {
    private long count;

    Occurrences(String name) {
      super(name);
    }

    @Override
    public void onOccurrence(int event, long nowNanos) {
      count++;
    }

    @Override
    public CounterValue value(long nowNanos) {
      return count == 0 ? CounterValue.empty() : new CounterValue.LongSum(count);
    }
  }
}
