package org.jcounters.core;

/**
 * Where a counter raises events of its own, from the drainer thread: a {@code ValueAccumulator}
 * re-raising its sums, a {@code ThreadTimeCategorizer} raising the time of each category. Raised
 * events are dispatched at once to the counters listening to them, without passing through a ring.
 */
public interface EventSink {
  /** Drops everything: the sink of a counter not registered anywhere. */
  EventSink NONE = new EventSink() {
    @Override
    public void value(String eventName, long value, long nowNanos) {}

    @Override
    public void timing(String eventName, long durationNanos, long nowNanos) {}
  };

  /**
   * Raises a value event. Dropped if no counter listens to {@code eventName}.
   *
   * @param eventName the event's name; the counters listening to it receive it
   * @param value the value, in the unit the listening counters expect
   * @param nowNanos the time to give it, in nanoseconds of the engine's {@link Clock}: pass on the
   *     callback's {@code nowNanos}
   */
  void value(String eventName, long value, long nowNanos);

  /**
   * Raises a timing (a block of {@code durationNanos}) as its end event. Dropped if no counter
   * listens to {@code eventName}.
   *
   * @param eventName the event's name; the counters listening to it receive it
   * @param durationNanos the block's duration, in nanoseconds
   * @param nowNanos the time to give it, in nanoseconds of the engine's {@link Clock}: pass on the
   *     callback's {@code nowNanos}
   */
  void timing(String eventName, long durationNanos, long nowNanos);
}
