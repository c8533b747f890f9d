package org.jcounters.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable, consistent copy of every registered counter's value, taken at one moment.
 *
 * <p>Consistent means: every event reported on any thread before the snapshot was requested is
 * either counted in it or counted in {@link #droppedEvents()}. Safe to share between threads.
 *
 * @param values counter name to value, sorted by name
 * @param droppedEvents events lost to a full ring since the start, over all threads; 0 when nothing was lost
 * @param epochMillis wall-clock time at which the snapshot was taken
 */
public record Snapshot(Map<String, CounterValue> values, long droppedEvents, long epochMillis) {
  public Snapshot {
    Objects.requireNonNull(values, "values");
    if (droppedEvents < 0) {
      throw new IllegalArgumentException("droppedEvents must be >= 0, got " + droppedEvents);
    }
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The value of the named counter, or {@link CounterValue#empty()} if no such counter was registered. */
  public CounterValue value(String counterName) {
    return values.getOrDefault(counterName, CounterValue.empty());
  }

  /** The value of the named counter as a report shows it: a number, a map or {@code null}. */
  public Object reportValue(String counterName) {
    return value(counterName).reportValue();
  }
}
