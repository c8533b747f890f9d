package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.Seconds;
import org.jcounters.internal.window.SlidingWindow;

/**
 * How many times per second its events happened over a sliding window (default 300 s): what
 * {@code frequency("x")} and {@code occurrence("x")} report by default.
 *
 * <p><b>What counts.</b> Every occurrence and every end of a block counts 1; a value event counts as
 * that many occurrences ("X things happened now"), as in PyCounters.
 *
 * <p><b>Value.</b> {@link CounterValue.DoubleSum} of occurrences per second, so frequencies of several
 * processes add up; {@link CounterValue#empty() empty} when the window holds no event.
 * The rate is PyCounters' one: the occurrences in the window divided by the seconds from the oldest
 * event still in the window to now,
 * <pre>
 *   frequency = occurrences in window / max(now - time of the oldest event in window, min(1 s, window))
 * </pre>
 * Numerator and denominator cover the same events, so the bucket granularity of the
 * {@link SlidingWindow} does not bias the rate (the oldest event's time is exact, not rounded to its
 * bucket). The floor of one second (or the window, if shorter) is ours: PyCounters divides by zero
 * when every event in the window happened at the very moment of the report, and gives absurd rates
 * just after the first event; below a second we report occurrences per second of the first second.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory.
 *
 * <pre>{@code
 * Counters.register(new FrequencyCounter("requests"));   // ends of "requests" blocks per second
 * }</pre>
 */
public final class FrequencyCounter extends WindowedCounter {
  private static final long ONE_SECOND_NANOS = 1_000_000_000L;

  // Initialized once super() has built the window, whichever constructor ran.
  private final long minSpanNanos = Math.min(ONE_SECOND_NANOS, window.window().toNanos());

  /**
   * The frequency of events named {@code name} over the last 300 s.
   *
   * @param name the name it reports under and the event it listens to
   */
  public FrequencyCounter(String name) {
    super(name, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * The frequency of events named {@code name} over {@code window}.
   *
   * @param name the name it reports under and the event it listens to
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public FrequencyCounter(String name, Duration window) {
    super(name, window);
  }

  /**
   * The frequency of the given events, together, over the last 300 s.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   */
  public FrequencyCounter(String name, List<String> events) {
    super(name, events, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * The frequency of the given events, together, over {@code window}.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public FrequencyCounter(String name, List<String> events, Duration window) {
    super(name, events, window);
  }

  @Override
  protected void onOccurrence(int event, long nowNanos) {
    window.record(nowNanos, 1);
  }

  @Override
  protected void onOccurrences(int event, long count, long nowNanos) {
    window.record(nowNanos, count, count, 1, 1);
  }

  /** Durations are not this counter's business (their occurrences are): nothing to replay. */
  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {}

  @Override
  public CounterValue value(long nowNanos) {
    if (window.count(nowNanos) == 0) {
      return CounterValue.empty();
    }
    // The window's own "now": a report stamped before the latest event must not shrink the span.
    long spanNanos = Math.max(window.latestNanos() - window.oldestNanos(nowNanos), minSpanNanos);
    return new CounterValue.DoubleSum(window.sum(nowNanos) / Seconds.fromNanos(spanNanos));
  }

  /** A new {@code FrequencyCounter} of the same name, events and window, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new FrequencyCounter(name(), events(), window());
  }
}
