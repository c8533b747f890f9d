package org.jcounters.internal.window;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.internal.core.Saturating;

/**
 * A sliding window of value distributions: a ring of time buckets, each an HdrHistogram of the values
 * recorded in it and their exact sum. Recording is O(1) and allocation-free; reading merges the
 * buckets into one histogram, O(buckets &times; histogram size); memory is fixed at construction.
 *
 * <p><b>Time</b> follows {@link SlidingWindow}'s rules exactly: buckets of
 * {@code g = ceil(window / buckets)} ns aligned on multiples of {@code g}; a value recorded at
 * {@code t} stays while {@code bucket(now) - bucket(t) <= buckets}, so at least the whole window and
 * at most one granularity longer; the window's time never goes backwards (a late value counts in the
 * newest bucket); a jump forward clears each bucket at most once. Histograms are much larger than
 * {@code SlidingWindow}'s five longs, so the default is {@value #DEFAULT_BUCKETS} buckets (30 s for
 * a 300 s window), not 60.
 *
 * <p><b>Values.</b> The histograms count from 1 with {@code significantDigits} of precision up to
 * {@code highestTrackableValue}. A value above that is recorded as {@code highestTrackableValue},
 * a negative one as 0: a percentile window is for non-negative quantities (durations, sizes), and
 * clamping keeps the count exact instead of failing on the drainer. The sum keeps the values as they
 * came, saturating at the {@code long} range.
 *
 * <p><b>Memory.</b> {@code buckets + 3} histograms (the ring, one to merge into when read, and one
 * of every value since the start, {@link #sinceStart()}): with 2 digits up to an hour in
 * nanoseconds, 37 KiB each, about 490 KiB for the default 10 buckets. See
 * {@link #footprintBytes()}.
 *
 * <p><b>Threading.</b> Not thread-safe: single-writer state owned by its counter, which the
 * dispatcher's thread drives.
 *
 * <pre>{@code
 * HistogramWindow window = new HistogramWindow(Duration.ofSeconds(300), 10, 2, 3_600_000_000_000L);
 * window.record(now, 1_500_000);
 * Histogram merged = window.merged(later);  // valid until the next call on this window
 * }</pre>
 */
public final class HistogramWindow extends TimeBuckets {
  /** Buckets per window by default: 30 s granularity for a 300 s window. */
  public static final int DEFAULT_BUCKETS = 10;
  /** The precision of a percentile window by default: 2 significant digits (1 %). */
  public static final int DEFAULT_SIGNIFICANT_DIGITS = 2;
  /** The largest value tracked by default: an hour in nanoseconds (3.6 &times; 10<sup>12</sup>). */
  public static final long DEFAULT_HIGHEST_TRACKABLE_VALUE = 3_600_000_000_000L;

  private final long highestTrackableValue;
  private final Histogram[] histograms;
  private final long[] sums;
  private final Histogram merged;
  // Since the window was built, never expired: the buckets, count and sum of a Prometheus histogram must never go down.
  private final Histogram sinceStart;
  private long sinceStartSum;

  /**
   * A window of {@code buckets} buckets (fewer if the window is shorter than that many nanoseconds).
   *
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@link SlidingWindow#MAX_WINDOW_NANOS}; {@code buckets} is not positive; or the precision or
   *     range is one {@link Distribution#requireSupported} refuses
   */
  public HistogramWindow(Duration window, int buckets, int significantDigits, long highestTrackableValue) {
    super(window, buckets);
    Distribution.requireSupported(significantDigits, 1, highestTrackableValue);
    int slots = slots();
    this.highestTrackableValue = highestTrackableValue;
    this.histograms = new Histogram[slots];
    for (int slot = 0; slot < slots; slot++) {
      histograms[slot] = new Histogram(1, highestTrackableValue, significantDigits);
    }
    this.sums = new long[slots];
    this.merged = new Histogram(1, highestTrackableValue, significantDigits);
    this.sinceStart = new Histogram(1, highestTrackableValue, significantDigits);
  }

  /** The largest value recorded as itself; larger ones are recorded as this. */
  public long highestTrackableValue() {
    return highestTrackableValue;
  }

  /** The histograms' precision in significant decimal digits. */
  public int significantDigits() {
    return merged.getNumberOfSignificantValueDigits();
  }

  /** An estimate of the memory the window's histograms take, in bytes. */
  public long footprintBytes() {
    return (long) (histograms.length + 2) * merged.getEstimatedFootprintInBytes();
  }

  /** Records one value at {@code nowNanos}, clamped to [0, highest trackable value]. O(1), allocation-free. */
  public void record(long nowNanos, long value) {
    int slot = advanceTo(nowNanos);
    sums[slot] = Saturating.add(sums[slot], value);
    // Clamped here rather than caught: HdrHistogram builds an exception for an out-of-range value.
    long clamped = clamp(value);
    histograms[slot].recordValue(clamped);
    sinceStart.recordValue(clamped);
    sinceStartSum = Saturating.add(sinceStartSum, value);
  }

  /**
   * Records at {@code nowNanos} the values of {@code values} (any configuration: HdrHistogram
   * re-records them if it differs from this window's), whose sum is {@code sum}.
   */
  public void record(long nowNanos, Histogram values, long sum) {
    int slot = advanceTo(nowNanos);
    sums[slot] = Saturating.add(sums[slot], sum);
    histograms[slot].add(values);
    sinceStart.add(values);
    sinceStartSum = Saturating.add(sinceStartSum, sum);
  }

  /**
   * Records at {@code nowNanos} {@code count} values known only by their sum, minimum and maximum,
   * spread as {@link org.jcounters.core.FoldedEvents#replay} spreads them (the minimum, the maximum,
   * the rest evenly between): exact count, sum and extremes, in O(1).
   */
  public void record(long nowNanos, long count, long sum, long min, long max) {
    int slot = advanceTo(nowNanos);
    sums[slot] = Saturating.add(sums[slot], sum);
    sinceStartSum = Saturating.add(sinceStartSum, sum);
    spread(histograms[slot], count, sum, min, max);
    spread(sinceStart, count, sum, min, max);
  }

  private void spread(Histogram histogram, long count, long sum, long min, long max) {
    histogram.recordValue(clamp(min));
    if (count == 1) {
      return;
    }
    histogram.recordValue(clamp(max));
    long rest = count - 2;
    if (rest > 0) {
      long remainder = sum - min - max;
      long each = Math.floorDiv(remainder, rest);
      long plusOne = Math.floorMod(remainder, rest);
      if (rest - plusOne > 0) {
        histogram.recordValueWithCount(clamp(each), rest - plusOne);
      }
      if (plusOne > 0) {
        histogram.recordValueWithCount(clamp(each + 1), plusOne);
      }
    }
  }

  private long clamp(long value) {
    return value < 0 ? 0 : Math.min(value, highestTrackableValue);
  }

  /**
   * Every value ever recorded, expired ones included, in a histogram this window owns and keeps
   * recording into: read it, or copy it, before the next {@link #record}.
   */
  public Histogram sinceStart() {
    return sinceStart;
  }

  /** The sum of every value ever recorded, expired ones included (saturated). */
  public long sinceStartSum() {
    return sinceStartSum;
  }

  /** The number of values in the window at {@code nowNanos}. */
  public long count(long nowNanos) {
    advanceTo(nowNanos);
    long count = 0;
    for (Histogram histogram : histograms) {
      count += histogram.getTotalCount();
    }
    return count;
  }

  /** The sum of the values in the window at {@code nowNanos} (0 when empty), saturated. */
  public long sum(long nowNanos) {
    advanceTo(nowNanos);
    long sum = 0;
    for (long bucketSum : sums) {
      sum = Saturating.add(sum, bucketSum);
    }
    return sum;
  }

  /**
   * The values in the window at {@code nowNanos}, merged into one histogram that this window owns
   * and overwrites on the next call: read it, or copy it, before touching the window again.
   */
  public Histogram merged(long nowNanos) {
    advanceTo(nowNanos);
    merged.reset();
    for (Histogram histogram : histograms) {
      if (histogram.getTotalCount() != 0) {
        merged.add(histogram); // same configuration: an index-by-index addition
      }
    }
    return merged;
  }

  @Override
  void clearSlot(int slot) {
    if (histograms[slot].getTotalCount() != 0) { // reset() walks the whole counts array: skip buckets already empty
      histograms[slot].reset();
    }
    sums[slot] = 0;
  }

  @Override
  public String toString() {
    return "HistogramWindow[" + window() + " in " + buckets() + " buckets of " + Duration.ofNanos(granularityNanos()) + ", "
        + significantDigits() + " digits up to " + highestTrackableValue + "]";
  }
}
