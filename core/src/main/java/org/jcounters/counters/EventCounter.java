package org.jcounters.counters;


import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.Saturating;

/**
 * Counts how many times its events happened, since it was registered: every occurrence and every
 * end of a block counts 1, and a value event counts as that many occurrences (PyCounters' rule:
 * {@code count("x")} reports ends, {@code report_value("x", 3)} adds 3).
 *
 * <p><b>Value.</b> {@link CounterValue.LongSum}, exact (saturating at the {@code long} range rather
 * than wrapping); {@link CounterValue#empty() empty} before the first event.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event.
 *
 * <pre>{@code
 * Counters.register(new EventCounter("requests"));   // each end of a "requests" block counts 1
 * }</pre>
 */
public final class EventCounter extends Counter {
  private long count;
  private boolean hasEvents;

  /**
   * Counts events named {@code name}.
   *
   * @param name the name it reports under and the event it counts
   */
  public EventCounter(String name) {
    super(name);
  }

  /**
   * Counts the given events together (at least one, no duplicates).
   *
   * @param name the name it reports under
   * @param events the event names it counts, together
   */
  public EventCounter(String name, List<String> events) {
    super(name, events);
  }

  @Override
  protected void onOccurrence(int event, long nowNanos) {
    onValue(event, 1, nowNanos); // an occurrence or an end counts as a value event of 1
  }

  @Override
  protected void onOccurrences(int event, long count, long nowNanos) {
    onValue(event, count, nowNanos);
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    onValue(event, values.sum(), nowNanos);
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    count = Saturating.add(count, value);
    hasEvents = true;
  }

  /** Durations are not this counter's business (their occurrences are): nothing to replay. */
  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {}

  @Override
  public CounterValue value(long nowNanos) {
    return hasEvents ? new CounterValue.LongSum(count) : CounterValue.empty();
  }

  /** The value itself: a count since the counter was registered. */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    return value(nowNanos);
  }

  /** A new {@code EventCounter} of the same name and events, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    return new EventCounter(name(), events());
  }
}
