package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.window.SlidingWindow;

/**
 * How many times its events happened in a sliding window (default 300 s).
 *
 * <p><b>What counts.</b> Every occurrence and every end of a block counts 1; a value event counts as
 * that many occurrences, as in PyCounters (which sums the window's values, ends being 1-valued).
 *
 * <p><b>Value.</b> {@link CounterValue.LongSum}, exact, so counts of several processes add up;
 * {@link CounterValue#empty() empty} when the window holds no event. The window is a
 * {@link SlidingWindow}: an event stays at least the window and at most one granularity
 * (window / 60) longer.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory.
 *
 * <pre>{@code
 * Counters.register(new WindowCounter("errors", Duration.ofMinutes(5)));
 * }</pre>
 */
public final class WindowCounter extends WindowedCounter {
  /**
   * Counts events named {@code name} over the last 300 s.
   *
   * @param name the name it reports under and the event it listens to
   */
  public WindowCounter(String name) {
    super(name, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Counts events named {@code name} over {@code window}.
   *
   * @param name the name it reports under and the event it listens to
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public WindowCounter(String name, Duration window) {
    super(name, window);
  }

  /**
   * Counts the given events, together, over the last 300 s.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   */
  public WindowCounter(String name, List<String> events) {
    super(name, events, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Counts the given events, together, over {@code window}.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public WindowCounter(String name, List<String> events, Duration window) {
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
    return window.count(nowNanos) == 0 ? CounterValue.empty() : new CounterValue.LongSum(window.sum(nowNanos));
  }

  /** A new {@code WindowCounter} of the same name, events and window, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new WindowCounter(name(), events(), window());
  }
}
