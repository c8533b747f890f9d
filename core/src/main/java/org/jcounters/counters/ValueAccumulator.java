package org.jcounters.counters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.Saturating;

/**
 * The total of each of its events' values, kept apart by event name, and able to re-raise those
 * totals as value events named {@code <counter name>.<event name>}.
 *
 * <p><b>Value.</b> {@link CounterValue.Accumulated} mapping each event name that has had a value to
 * its {@link CounterValue.LongSum} total (exact, saturating rather than wrapping); merged across
 * processes key by key; {@link CounterValue#empty() empty} before the first value. Ends and
 * occurrences are ignored.
 *
 * <p><b>Re-raising.</b> As in PyCounters, re-raising is explicit, not per event:
 * {@link #raiseValueEvents(long, boolean)} raises, for each event with a total, one value event
 * {@code <counter name>.<event name>} carrying the <em>total</em> so far, and clears the totals if
 * asked. Raising with {@code clear} at the end of each unit of work (a request, a batch) makes a
 * {@link TotalCounter} on {@code acc.db_rows} total exactly what was accumulated, and an
 * {@link AverageWindowCounter} on it average the totals per unit of work. Raising per event would
 * only have duplicated each event under another name. While raising, the accumulator ignores the
 * values it receives, so that listening to its own raised names cannot feed back into it.
 *
 * <p>Driven by the drainer thread only, {@link #raiseValueEvents} included; O(1) and
 * allocation-free per event (the raised names are built once, here).
 *
 * <pre>{@code
 * ValueAccumulator acc = new ValueAccumulator("acc", List.of("db_rows", "cache_hits"));
 * Counters.register(acc);
 * Counters.register(new TotalCounter("acc.db_rows"));
 * // ... values reported to "db_rows" and "cache_hits" ...
 * JCounters.defaultInstance().raiseValueEvents("acc", true);   // "acc.db_rows" gets the rows accumulated since the last raise
 * }</pre>
 */
public final class ValueAccumulator extends Counter {
  static {
    CounterAccess.register((CounterAccess.AccumulatorAccess) ValueAccumulator::raiseValueEvents);
  }

  private final long[] totals;
  private final boolean[] seen;
  private final String[] raisedNames;
  private int seenCount;
  private boolean raising;

  /**
   * Accumulates the values of events named {@code name}.
   *
   * @param name the name it reports under, the event it accumulates, and the prefix of the raised name
   */
  public ValueAccumulator(String name) {
    super(name);
    int n = events().size();
    this.totals = new long[n];
    this.seen = new boolean[n];
    this.raisedNames = raisedNames();
  }

  /**
   * Accumulates the values of each of the given events separately (at least one, no duplicates).
   *
   * @param name the name it reports under and the prefix of the raised names
   * @param events the event names whose values it totals, each apart
   */
  public ValueAccumulator(String name, List<String> events) {
    super(name, events);
    int n = events().size();
    this.totals = new long[n];
    this.seen = new boolean[n];
    this.raisedNames = raisedNames();
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    if (raising) {
      return;
    }
    totals[event] = Saturating.add(totals[event], value);
    if (!seen[event]) {
      seen[event] = true;
      seenCount++;
    }
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    onValue(event, values.sum(), nowNanos);
  }

  /**
   * Raises each event's total so far as a value event {@code <counter name>.<event name>}, in the
   * order of {@link #events()}, skipping events that have had no value; then, if {@code clear},
   * forgets the totals. Events are raised through {@link #sink()}: nowhere until registered.
   * Call it only from the dispatcher's thread.
   */
  void raiseValueEvents(long nowNanos, boolean clear) {
    raising = true;
    try {
      for (int i = 0; i < totals.length; i++) {
        if (seen[i]) {
          sink().value(raisedNames[i], totals[i], nowNanos);
        }
      }
    } finally {
      raising = false;
    }
    if (clear) {
      Arrays.fill(totals, 0);
      Arrays.fill(seen, false);
      seenCount = 0;
    }
  }

  /**
   * The name under which the total of {@code event} is raised: {@code <counter name>.<event>}.
   *
   * @param event one of the event names this counter listens to
   * @return the raised name, for a counter to listen to
   * @throws IllegalArgumentException if this counter does not listen to {@code event}
   */
  public String raisedName(String event) {
    int index = events().indexOf(event);
    if (index < 0) {
      throw new IllegalArgumentException("counter '" + name() + "' does not listen to '" + event + "'");
    }
    return raisedNames[index];
  }

  @Override
  public CounterValue value(long nowNanos) {
    if (seenCount == 0) {
      return CounterValue.empty();
    }
    Map<String, CounterValue> entries = new LinkedHashMap<>();
    for (int i = 0; i < totals.length; i++) {
      if (seen[i]) {
        entries.put(events().get(i), new CounterValue.LongSum(totals[i]));
      }
    }
    return new CounterValue.Accumulated(entries);
  }

  private String[] raisedNames() {
    return events().stream().map(event -> name() + "." + event).toArray(String[]::new);
  }

  /** The value itself: a totals since the counter was registered (cleared by {@link #raiseValueEvents raiseValueEvents(now, true)}, which exporters read as a counter reset). */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    return value(nowNanos);
  }
}
