package org.jcounters.internal.core;

import java.util.Objects;
import org.jcounters.core.Counter;
import org.jcounters.core.EventSink;
import org.jcounters.core.FoldedEvents;
import org.jcounters.counters.ValueAccumulator;

/**
 * The engine's way into a counter's event callbacks, which are {@code protected} so that user code
 * cannot call them (the "shared secrets" pattern): {@link Counter}'s static initializer registers
 * the one implementation, and {@link #get()} hands it out. Internal: only the dispatcher, and
 * wrappers that forward a counter's events to another counter, have any business here.
 */
public abstract class CounterAccess {
  private static volatile CounterAccess instance;
  private static volatile AccumulatorAccess accumulators;

  /** For {@link Counter}'s static initializer only: accepted once. */
  public static void register(CounterAccess access) {
    synchronized (CounterAccess.class) {
      if (instance != null) {
        throw new IllegalStateException("counter access already registered");
      }
      instance = Objects.requireNonNull(access, "access");
    }
  }

  /** For {@link ValueAccumulator}'s static initializer only: accepted once. */
  public static void register(AccumulatorAccess access) {
    synchronized (CounterAccess.class) {
      if (accumulators != null) {
        throw new IllegalStateException("accumulator access already registered");
      }
      accumulators = Objects.requireNonNull(access, "access");
    }
  }

  /** The accessor registered by {@link Counter}, initializing that class first if needed. */
  public static CounterAccess get() {
    CounterAccess access = instance;
    if (access == null) {
      initialize(Counter.class);
      access = instance;
    }
    return access;
  }

  /** The accessor registered by {@link ValueAccumulator}, initializing that class first if needed. */
  public static AccumulatorAccess accumulators() {
    AccumulatorAccess access = accumulators;
    if (access == null) {
      initialize(ValueAccumulator.class);
      access = accumulators;
    }
    return access;
  }

  private static void initialize(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link ValueAccumulator}'s engine-only operation. */
  public interface AccumulatorAccess {
    /** See {@code ValueAccumulator.raiseValueEvents}: from the dispatcher's thread only. */
    void raiseValueEvents(ValueAccumulator accumulator, long nowNanos, boolean clear);
  }

  protected CounterAccess() {}

  public abstract void onValue(Counter counter, int event, long value, long nowNanos);

  public abstract void onOccurrence(Counter counter, int event, long nowNanos);

  public abstract void onTiming(Counter counter, int event, long durationNanos, long nowNanos);

  public abstract void onValues(Counter counter, int event, FoldedEvents values, long nowNanos);

  public abstract void onOccurrences(Counter counter, int event, long count, long nowNanos);

  public abstract void onTimings(Counter counter, int event, FoldedEvents durations, long nowNanos);

  public abstract boolean followsThreads(Counter counter);

  public abstract void onStart(Counter counter, int event, long threadId, long nanoTime);

  public abstract void onEnd(Counter counter, int event, long threadId, long nanoTime);

  public abstract void onThreadEnded(Counter counter, long threadId);

  /** Where the counter raises its own events from now on ({@link EventSink#NONE} when unregistered). */
  public abstract void attach(Counter counter, EventSink sink);

  /** A new counter of the same kind and settings for one label set, or null (see {@code Counter.newSeries}). */
  public abstract Counter newSeries(Counter counter);

  /** The most label sets {@code counter} keeps a series for. */
  public abstract int maxSeries(Counter counter);
}
