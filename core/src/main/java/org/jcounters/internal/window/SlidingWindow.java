package org.jcounters.internal.window;

import java.time.Duration;
import java.util.Arrays;
import org.jcounters.internal.core.Saturating;

/**
 * A sliding window over recent events, kept as a ring of time buckets rather than a queue of
 * events: recording is O(1) and allocation-free, memory is fixed at construction, and reading is
 * O(buckets). Each bucket keeps the count, sum, minimum and maximum of the values recorded in it,
 * and the time of its first event.
 *
 * <p><b>Granularity.</b> Time is cut into buckets of {@code g = ceil(window / buckets)} nanoseconds,
 * aligned on multiples of {@code g} of the clock ({@link Math#floorDiv} is used, so clocks that
 * start at any value, negative included, work). With the defaults (300 s, 60 buckets) {@code g} is
 * 5 s. An event recorded at time {@code t} is in the window at time {@code now} while
 * {@code bucket(now) - bucket(t) <= buckets}, that is until the first bucket boundary strictly
 * after {@code t + buckets * g}. So an event always stays for at least the whole window
 * ({@code buckets * g >= window}, equal when the window divides evenly) and leaves at most one
 * granularity later. The ring holds {@code buckets + 1} slots for that reason.
 *
 * <p><b>Time.</b> The window's time never goes backwards: an event or a read stamped earlier than
 * the latest time the window has seen is taken as happening at that latest time. Late events (a
 * raised timing stamped by its producer a little before the drainer's clock) therefore still count,
 * in the newest bucket, and a clock that jumps back freezes expiry until it catches up instead of
 * losing data. A jump forward clears at most every bucket once: O(buckets), whatever the gap.
 *
 * <p><b>Sums</b> saturate at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} rather than wrap, so an
 * overflow shows as an implausible extreme instead of a plausible wrong number.
 *
 * <p><b>Threading.</b> Not thread-safe: single-writer state owned by the counter that holds it, which
 * the dispatcher's thread drives.
 *
 * <pre>{@code
 * SlidingWindow window = new SlidingWindow(Duration.ofSeconds(300)); // 60 buckets of 5 s
 * window.record(now, 42);
 * long inWindow = window.count(later);
 * }</pre>
 */
public final class SlidingWindow extends TimeBuckets {
  /** The window of counters built without one, as in PyCounters. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
  /** Buckets per window by default: 5 s granularity for the default 300 s window. */
  public static final int DEFAULT_BUCKETS = 60;
  /** The longest window accepted (about 73 years): keeps {@code (buckets + 1) * g} far from overflow. */
  public static final long MAX_WINDOW_NANOS = Long.MAX_VALUE / 4;

  // Per-slot layout in one array, so one bucket's fields share cache lines.
  private static final int COUNT = 0;
  private static final int SUM = 1;
  private static final int MIN = 2;
  private static final int MAX = 3;
  private static final int FIRST = 4;
  private static final int STRIDE = 5;

  private final long[] data;
  // Since the window was built, never expired: what Prometheus' _count and _sum need (monotonic series).
  private long sinceStartCount;
  private long sinceStartSum;

  /** A window of {@value #DEFAULT_BUCKETS} buckets. */
  public SlidingWindow(Duration window) {
    this(window, DEFAULT_BUCKETS);
  }

  /**
   * A window of {@code buckets} buckets (fewer if the window is shorter than that many nanoseconds).
   *
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@link #MAX_WINDOW_NANOS}, or {@code buckets} is not positive
   */
  public SlidingWindow(Duration window, int buckets) {
    super(window, buckets);
    this.data = new long[slots() * STRIDE];
    clear();
  }

  /**
   * Checks a counter's window and returns it in nanoseconds.
   *
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than {@link #MAX_WINDOW_NANOS}
   */
  public static long requireValidWindow(Duration window) {
    if (window == null) {
      throw new IllegalArgumentException("window must not be null");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (window.compareTo(Duration.ofNanos(MAX_WINDOW_NANOS)) > 0) {
      throw new IllegalArgumentException("window must be at most " + Duration.ofNanos(MAX_WINDOW_NANOS) + ", got " + window);
    }
    return window.toNanos();
  }

  /** Records one event of {@code value} at {@code nowNanos}. O(1), allocation-free (O(buckets) when time jumps). */
  public void record(long nowNanos, long value) {
    int base = advanceTo(nowNanos) * STRIDE;
    long[] d = data;
    if (d[base + COUNT]++ == 0) {
      d[base + FIRST] = latestSeenNanos();
    }
    d[base + SUM] = Saturating.add(d[base + SUM], value);
    if (value < d[base + MIN]) {
      d[base + MIN] = value;
    }
    if (value > d[base + MAX]) {
      d[base + MAX] = value;
    }
    sinceStartCount++;
    sinceStartSum = Saturating.add(sinceStartSum, value);
  }

  /** How many values were ever recorded, expired ones included. */
  public long sinceStartCount() {
    return sinceStartCount;
  }

  /** The sum of every value ever recorded, expired ones included (saturated). */
  public long sinceStartSum() {
    return sinceStartSum;
  }

  /**
   * Records {@code count} events at {@code nowNanos} at once, given their sum, minimum and maximum:
   * the same state as recording each, in O(1).
   */
  public void record(long nowNanos, long count, long sum, long min, long max) {
    int base = advanceTo(nowNanos) * STRIDE;
    long[] d = data;
    if (d[base + COUNT] == 0) {
      d[base + FIRST] = latestSeenNanos();
    }
    d[base + COUNT] += count;
    d[base + SUM] = Saturating.add(d[base + SUM], sum);
    sinceStartCount += count;
    sinceStartSum = Saturating.add(sinceStartSum, sum);
    if (min < d[base + MIN]) {
      d[base + MIN] = min;
    }
    if (max > d[base + MAX]) {
      d[base + MAX] = max;
    }
  }

  /** The latest time the window has seen (its "now"), or {@link Long#MIN_VALUE} before anything. */
  public long latestNanos() {
    return latestSeenNanos();
  }

  /** The number of events in the window at {@code nowNanos}. */
  public long count(long nowNanos) {
    advanceTo(nowNanos);
    long count = 0;
    for (int base = 0; base < data.length; base += STRIDE) {
      count += data[base + COUNT];
    }
    return count;
  }

  /** The sum of the values in the window at {@code nowNanos} (0 when empty), saturated. */
  public long sum(long nowNanos) {
    advanceTo(nowNanos);
    long sum = 0;
    for (int base = 0; base < data.length; base += STRIDE) {
      sum = Saturating.add(sum, data[base + SUM]);
    }
    return sum;
  }

  /** The mean of the values in the window at {@code nowNanos}, or {@link Double#NaN} when empty; summed in doubles, so it cannot overflow. */
  public double mean(long nowNanos) {
    advanceTo(nowNanos);
    long count = 0;
    double sum = 0;
    for (int base = 0; base < data.length; base += STRIDE) {
      count += data[base + COUNT];
      sum += data[base + SUM];
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The smallest value in the window at {@code nowNanos}, or {@link Long#MAX_VALUE} when empty. */
  public long min(long nowNanos) {
    advanceTo(nowNanos);
    long min = Long.MAX_VALUE;
    for (int base = 0; base < data.length; base += STRIDE) {
      min = Math.min(min, data[base + MIN]);
    }
    return min;
  }

  /** The largest value in the window at {@code nowNanos}, or {@link Long#MIN_VALUE} when empty. */
  public long max(long nowNanos) {
    advanceTo(nowNanos);
    long max = Long.MIN_VALUE;
    for (int base = 0; base < data.length; base += STRIDE) {
      max = Math.max(max, data[base + MAX]);
    }
    return max;
  }

  /** When the oldest event still in the window at {@code nowNanos} was recorded, or {@link Long#MAX_VALUE} when empty. */
  public long oldestNanos(long nowNanos) {
    advanceTo(nowNanos);
    long oldest = Long.MAX_VALUE;
    for (int base = 0; base < data.length; base += STRIDE) {
      if (data[base + COUNT] != 0) {
        oldest = Math.min(oldest, data[base + FIRST]);
      }
    }
    return oldest;
  }

  @Override
  void clearSlot(int slot) {
    int base = slot * STRIDE;
    long[] d = data;
    d[base + COUNT] = 0;
    d[base + SUM] = 0;
    d[base + MIN] = Long.MAX_VALUE;
    d[base + MAX] = Long.MIN_VALUE;
    d[base + FIRST] = Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "SlidingWindow[" + window() + " in " + buckets() + " buckets of " + Duration.ofNanos(granularityNanos()) + "]";
  }

  /** For tests: the slots' raw contents, to check that nothing outside the window is kept. */
  long[] rawSlots() {
    return Arrays.copyOf(data, data.length);
  }
}
