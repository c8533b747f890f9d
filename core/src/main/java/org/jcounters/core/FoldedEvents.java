package org.jcounters.core;

import org.HdrHistogram.Histogram;

/**
 * Many value events (or block durations) of one event id folded into one summary by the producers
 * while the drainer was behind: their count, sum, minimum and maximum, and, where a percentile
 * counter listens, their histogram. Counters receive it through {@link Counter#onValues} and
 * {@link Counter#onTimings} and fold it into their state as if each event had come on its own;
 * only the time at which the events are placed (the drainer's time of the fold) is coarser.
 *
 * <p><b>Threads.</b> Owned by the drainer, reused from one fold to the next: a counter reads it
 * during the callback and must not keep it.
 */
public final class FoldedEvents {
  private long count;
  private long sum;
  private long min;
  private long max;
  private Histogram histogram;

  /** An empty summary, to {@link #set}: the engine keeps one per drainer; a counter's own tests may make their own. */
  public FoldedEvents() {}

  /**
   * Sets this summary; {@code histogram} may be null. For the engine, and for tests feeding a counter folded events.
   *
   * @param count how many events were folded, at least 1
   * @param sum the sum of their values
   * @param min the smallest value
   * @param max the largest value
   * @param histogram their histogram, or null if none was kept; not copied
   * @return this summary
   * @throws IllegalArgumentException if {@code count} is below 1
   */
  public FoldedEvents set(long count, long sum, long min, long max, Histogram histogram) {
    if (count <= 0) {
      throw new IllegalArgumentException("a folded summary holds at least one event, got " + count);
    }
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.histogram = histogram;
    return this;
  }

  /** {@return how many events were folded (at least 1)} */
  public long count() {
    return count;
  }

  /** {@return the sum of their values, saturated at the {@code long} range} */
  public long sum() {
    return sum;
  }

  /** {@return the smallest value} */
  public long min() {
    return min;
  }

  /** {@return the largest value} */
  public long max() {
    return max;
  }

  /**
   * {@return their histogram, or null when no percentile counter listened as they were folded} Kept apart
   * from the count and sum, it may differ from {@link #count()} by events that were being folded
   * at that very moment: those are in the next summary's. Owned by the drainer: read, do not keep.
   */
  public Histogram histogram() {
    return histogram;
  }

  /**
   * Replays the summary as {@link #count()} single values with the same count, sum, minimum and
   * maximum: the minimum, the maximum, and the rest spread evenly between them. For counters that
   * need single values (a percentile window without a histogram, a counter of the user's own).
   *
   * @param values receives each value, {@link #count()} times
   */
  public void replay(java.util.function.LongConsumer values) {
    values.accept(min);
    if (count == 1) {
      return;
    }
    values.accept(max);
    long rest = count - 2;
    if (rest == 0) {
      return;
    }
    long remainder = sum - min - max;
    long each = Math.floorDiv(remainder, rest);
    long plusOne = Math.floorMod(remainder, rest); // that many values are each + 1: the sum stays exact
    for (long i = 0; i < rest; i++) {
      values.accept(i < plusOne ? each + 1 : each);
    }
  }

  @Override
  public String toString() {
    return "FoldedEvents[count=" + count + ", sum=" + sum + ", min=" + min + ", max=" + max
        + (histogram == null ? "" : ", histogram of " + histogram.getTotalCount()) + "]";
  }
}
