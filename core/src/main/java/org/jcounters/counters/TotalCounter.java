package org.jcounters.counters;


import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.Saturating;
import org.jcounters.internal.core.Seconds;

/**
 * The total of every value reported to the events it listens to, since it was registered.
 *
 * <p><b>Value.</b> {@link CounterValue.LongSum}, exact (saturating at the {@code long} range rather
 * than wrapping); {@link CounterValue#empty() empty} before the first event. Ends and occurrences
 * are ignored, as in PyCounters.
 *
 * <p><b>Timings.</b> A block's duration (an end matched with its start, or a timing raised by a
 * {@link ThreadTimeCategorizer} as {@code <categorizer>.<category>}) is totalled in seconds, and the
 * counter then reports a {@link CounterValue.DoubleSum} of seconds. Give a {@code TotalCounter}
 * either values or timings: if it receives both, values are added to the seconds as they are.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event.
 *
 * <pre>{@code
 * Counters.register(new TotalCounter("bytes_sent"));     // sums value events named "bytes_sent"
 * Counters.register(new TotalCounter("db_seconds", List.of("tc.db")));  // sums raised category times
 * }</pre>
 */
public final class TotalCounter extends Counter {
  private long valueTotal;
  private long timingNanos;
  private boolean hasValues;
  private boolean hasTimings;

  /**
   * Totals the values of events named {@code name}.
   *
   * @param name the name it reports under and the event whose values it totals
   */
  public TotalCounter(String name) {
    super(name);
  }

  /**
   * Totals the values of the given events (at least one, no duplicates).
   *
   * @param name the name it reports under
   * @param events the event names whose values it totals, together
   */
  public TotalCounter(String name, List<String> events) {
    super(name, events);
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    valueTotal = Saturating.add(valueTotal, value);
    hasValues = true;
  }

  @Override
  protected void onTiming(int event, long durationNanos, long nowNanos) {
    timingNanos = Saturating.add(timingNanos, durationNanos);
    hasTimings = true;
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    onValue(event, values.sum(), nowNanos);
  }

  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    onTiming(event, durations.sum(), nowNanos);
  }

  @Override
  public CounterValue value(long nowNanos) {
    if (hasTimings) {
      return new CounterValue.DoubleSum(Seconds.fromNanos(timingNanos) + valueTotal);
    }
    return hasValues ? new CounterValue.LongSum(valueTotal) : CounterValue.empty();
  }

  /** The value itself: a total since the counter was registered. */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    return value(nowNanos);
  }

  /** A new {@code TotalCounter} of the same name and events, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new TotalCounter(name(), events());
  }
}
