package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.Seconds;
import org.jcounters.internal.window.SlidingWindow;

/**
 * The average time, in seconds, between the start and the end of its blocks over a sliding window
 * (default 300 s): what {@code time("x")} reports by default.
 *
 * <p><b>What counts.</b> Each end matched with the latest unmatched start of the same event on the
 * same thread (the thread that ran the block measures it, so nested and recursive blocks pair correctly); each
 * timing raised by another counter (a {@link ThreadTimeCategorizer}'s
 * {@code <categorizer>.<category>}); and each value event, taken as a duration already measured
 * in <em>nanoseconds</em>. An end without a start is ignored.
 *
 * <p><b>Value.</b> {@link CounterValue.Average} of the mean duration in seconds and the number of
 * blocks, merged across processes weighted by count; {@link CounterValue#empty() empty} when no
 * block ended in the window. The window is a {@link SlidingWindow}: a block stays at least the
 * window after its end and at most one granularity (window / 60) longer.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory.
 *
 * <pre>{@code
 * Counters.register(new AverageTimeCounter("request"));
 * Events.start(REQUEST);
 * handle(request);
 * Events.end(REQUEST);   // the block's duration, averaged in seconds
 * }</pre>
 */
public final class AverageTimeCounter extends WindowedCounter {
  /**
   * Averages the duration of blocks named {@code name} over the last 300 s.
   *
   * @param name the name it reports under and the event it listens to
   */
  public AverageTimeCounter(String name) {
    super(name, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Averages the duration of blocks named {@code name} over {@code window}.
   *
   * @param name the name it reports under and the event it listens to
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public AverageTimeCounter(String name, Duration window) {
    super(name, window);
  }

  /**
   * Averages the duration of the given blocks, together, over the last 300 s.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   */
  public AverageTimeCounter(String name, List<String> events) {
    super(name, events, SlidingWindow.DEFAULT_WINDOW);
  }

  /**
   * Averages the duration of the given blocks, together, over {@code window}.
   *
   * @param name the name it reports under
   * @param events the event names it listens to (at least one)
   * @param window how far back it looks, split into 60 buckets (the granularity)
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@code Long.MAX_VALUE / 4} nanoseconds (about 73 years)
   */
  public AverageTimeCounter(String name, List<String> events, Duration window) {
    super(name, events, window);
  }

  @Override
  protected void onTiming(int event, long durationNanos, long nowNanos) {
    window.record(nowNanos, durationNanos);
  }

  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    onValues(event, durations, nowNanos);
  }

  @Override
  public CounterValue value(long nowNanos) {
    long count = window.count(nowNanos);
    return count == 0 ? CounterValue.empty() : new CounterValue.Average(Seconds.fromNanos(window.mean(nowNanos)), count);
  }

  /**
   * How many blocks were averaged since the counter started and their sum (nanoseconds, reported in seconds), expired ones
   * included: a {@link CounterValue.CountAndSum}, or {@code null} before the first.
   */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    long count = window.sinceStartCount();
    return count == 0 ? null : new CounterValue.CountAndSum(count, window.sinceStartSum(), CounterValue.Distribution.Unit.NANOSECONDS);
  }

  /** A new {@code AverageTimeCounter} of the same name, events and window, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new AverageTimeCounter(name(), events(), window());
  }
}
