package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.window.SlidingWindow;

/**
 * The average of the values reported in a sliding window (default 300 s): what {@code value("x", v)}
 * reports by default.
 *
 * <p><b>Value.</b> {@link CounterValue.Average} of the mean and the number of values averaged, so
 * that processes merge weighted by their counts; {@link CounterValue#empty() empty} when the window
 * holds no value. Ends and occurrences are ignored. The window is a {@link SlidingWindow}: a value
 * stays at least the window and at most one granularity (window / 60) longer.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory.
 *
 * <pre>{@code
 * Counters.register(new AverageWindowCounter("payload_bytes", Duration.ofMinutes(1)));
 * }</pre>
 */
public final class AverageWindowCounter extends WindowedCounter {
  /**
   * Averages values of events named {@code name} over the last 300 s.
   *
   * @param name the name it reports under and the event it listens to
   */
  public AverageWindowCounter(String name) {
    super(name, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Averages values of events named {@code name} over {@code window}.
   *
   * @param name the name it reports under and the event it listens to
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public AverageWindowCounter(String name, Duration window) {
    super(name, window);
  }

  /**
   * Averages values of the given events over the last 300 s.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   */
  public AverageWindowCounter(String name, List<String> events) {
    super(name, events, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Averages values of the given events over {@code window}.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public AverageWindowCounter(String name, List<String> events, Duration window) {
    super(name, events, window);
  }

  @Override
  public CounterValue value(long nowNanos) {
    long count = window.count(nowNanos);
    return count == 0 ? CounterValue.empty() : new CounterValue.Average(window.mean(nowNanos), count);
  }

  /**
   * How many values were averaged since the counter started and their sum, expired ones
   * included: a {@link CounterValue.CountAndSum}, or {@code null} before the first.
   */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    long count = window.sinceStartCount();
    return count == 0 ? null : new CounterValue.CountAndSum(count, window.sinceStartSum(), CounterValue.Distribution.Unit.RAW);
  }

  /** A new {@code AverageWindowCounter} of the same name, events and window, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new AverageWindowCounter(name(), events(), window());
  }
}
