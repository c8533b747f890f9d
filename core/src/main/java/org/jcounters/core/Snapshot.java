package org.jcounters.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jcounters.internal.core.EventDispatcher;

/**
 * An immutable, consistent copy of every registered counter's value, taken at one moment.
 *
 * <p>Consistent means: every event reported on any thread before the snapshot was requested is
 * either counted in it or counted in {@link #droppedEvents()}. Safe to share between threads.
 *
 * <p><b>Since the start.</b> Beside the values (windowed for most counters, what reports show),
 * {@link #sinceStart()} holds what each counter that keeps such figures has counted since it started
 * ({@link Counter#sinceStart}): never expired, so exporters can publish series that never go down.
 *
 * @param values counter name to value, sorted by name
 * @param droppedEvents events lost to a full ring since the start, over all threads; 0 when nothing was lost
 * @param epochMillis wall-clock time at which the snapshot was taken
 * @param sinceStart counter name to its since-start figures, sorted by name; only counters that have some
 */
public record Snapshot(Map<String, CounterValue> values, long droppedEvents, long epochMillis, Map<String, CounterValue> sinceStart) {
  /**
   * A snapshot of the given values; both maps are copied, sorted by name.
   *
   * @param values counter name to value; no value may be a {@link CounterValue.WithSinceStart}
   * @param droppedEvents events lost to a full ring since the start, 0 or more
   * @param epochMillis wall-clock time at which the snapshot was taken, in milliseconds since the epoch
   * @param sinceStart counter name to its since-start figures
   * @throws NullPointerException if a map is null
   * @throws IllegalArgumentException if {@code droppedEvents} is negative or a value carries since-start figures
   */
  public Snapshot {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(sinceStart, "sinceStart");
    if (droppedEvents < 0) {
      throw new IllegalArgumentException("droppedEvents must be >= 0, got " + droppedEvents);
    }
    values = Collections.unmodifiableMap(new TreeMap<>(values));
    sinceStart = Collections.unmodifiableMap(new TreeMap<>(sinceStart));
    for (Map.Entry<String, CounterValue> entry : values.entrySet()) {
      if (entry.getValue() instanceof CounterValue.WithSinceStart) {
        throw new IllegalArgumentException("counter '" + entry.getKey() + "': a snapshot value cannot carry since-start figures; "
            + "use the constructor without them, which splits them off");
      }
    }
  }

  /**
   * A snapshot of {@code values} as {@link EventDispatcher#values} gives them: each
   * {@link CounterValue.WithSinceStart} is split into its value and its since-start figures.
   *
   * @param values counter name to value, with or without since-start figures; copied
   * @param droppedEvents events lost to a full ring since the start, 0 or more
   * @param epochMillis wall-clock time at which the snapshot was taken, in milliseconds since the epoch
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if {@code droppedEvents} is negative
   */
  public Snapshot(Map<String, CounterValue> values, long droppedEvents, long epochMillis) {
    this(withoutSinceStart(values), droppedEvents, epochMillis, sinceStartOf(values));
  }

  private static Map<String, CounterValue> withoutSinceStart(Map<String, CounterValue> values) {
    Map<String, CounterValue> plain = new TreeMap<>();
    Objects.requireNonNull(values, "values").forEach((name, value) ->
        plain.put(name, value instanceof CounterValue.WithSinceStart pair ? pair.value() : value));
    return plain;
  }

  private static Map<String, CounterValue> sinceStartOf(Map<String, CounterValue> values) {
    Map<String, CounterValue> sinceStart = new TreeMap<>();
    Objects.requireNonNull(values, "values").forEach((name, value) -> {
      if (value instanceof CounterValue.WithSinceStart pair) {
        sinceStart.put(name, pair.sinceStart());
      }
    });
    return sinceStart;
  }

  /**
   * The value of the named counter, or {@link CounterValue#empty()} if no such counter was registered.
   *
   * @param counterName the counter's name
   * @return its value, never null
   */
  public CounterValue value(String counterName) {
    return values.getOrDefault(counterName, CounterValue.empty());
  }

  /**
   * The value of the named counter as a report shows it: a number, a map or {@code null}.
   *
   * @param counterName the counter's name
   * @return its report value; {@code null} if it has no data or no such counter was registered
   */
  public Object reportValue(String counterName) {
    return value(counterName).reportValue();
  }
}
