package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.window.SlidingWindow;

/**
 * The smallest value reported in a sliding window (default 300 s).
 *
 * <p><b>Value.</b> {@link CounterValue.Min}, merged across processes by taking the smaller;
 * {@link CounterValue#empty() empty} when the window holds no value. Ends, occurrences and timings
 * are ignored, as in PyCounters. The window is a {@link SlidingWindow}: a value stays at least the
 * window and at most one granularity (window / 60) longer.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory.
 *
 * <pre>{@code
 * Counters.register(new MinWindowCounter("free_connections"));
 * }</pre>
 */
public final class MinWindowCounter extends WindowedCounter {
  /**
   * The smallest value of events named {@code name} over the last 300 s.
   *
   * @param name the name it reports under and the event it listens to
   */
  public MinWindowCounter(String name) {
    super(name, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * The smallest value of events named {@code name} over {@code window}.
   *
   * @param name the name it reports under and the event it listens to
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public MinWindowCounter(String name, Duration window) {
    super(name, window);
  }

  /**
   * The smallest value of the given events over the last 300 s.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   */
  public MinWindowCounter(String name, List<String> events) {
    super(name, events, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * The smallest value of the given events over {@code window}.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public MinWindowCounter(String name, List<String> events, Duration window) {
    super(name, events, window);
  }

  @Override
  public CounterValue value(long nowNanos) {
    return window.count(nowNanos) == 0 ? CounterValue.empty() : new CounterValue.Min(window.min(nowNanos));
  }

  /** A new {@code MinWindowCounter} of the same name, events and window, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new MinWindowCounter(name(), events(), window());
  }
}
