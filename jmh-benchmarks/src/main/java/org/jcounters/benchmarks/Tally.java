package org.jcounters.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.CounterAccess;

/**
 * A counter under test, wrapped to count every event the drainer hands it, so that a benchmark can
 * prove that each event it reported was either counted or counted as dropped.
 *
 * <p>An event is one record a producer published: a VALUE ({@link #onValue}), an OCCURRENCE
 * ({@link #onOccurrence}), or a timed block, which travels as ONE record (a TIMING, the duration measured
 * by the producer) and reaches a counter as {@link #onOccurrence} + {@link #onTiming}: counted once, at its
 * occurrence. Events folded by the producers while their ring was full arrive as summaries and count for
 * as many events as they hold: {@link #onValues} ({@code FoldedEvents.count()} values) and
 * {@link #onOccurrences} ({@code count} occurrences or blocks; a folded block's durations follow in
 * {@link #onTimings}, not counted again). A START is counted only for counters that follow threads
 * (the wrapped counters here do not: {@link #onStart} is then never called). The drainer is the only
 * writer; other threads read {@link #received()} at any time (the pacing benchmarks, to know how far
 * behind the drainer is) or after a snapshot (exact then: the snapshot's completion orders the drainer's
 * writes before the read).
 */
public final class Tally extends Counter {
  private static final VarHandle EVENTS;
  /** The inner counter's callbacks are protected: forwarded through the engine's accessor (benchmarks run on the class path). */
  private static final CounterAccess ACCESS = CounterAccess.get();

  static {
    try {
      EVENTS = MethodHandles.lookup().findVarHandle(Tally.class, "events", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Counter inner;
  @SuppressWarnings("unused") // through EVENTS
  private long events;

  public Tally(Counter inner) {
    super(inner.name(), inner.events());
    this.inner = inner;
  }

  /** Events received so far. */
  public long received() {
    return (long) EVENTS.getAcquire(this);
  }

  private void count() {
    count(1);
  }

  private void count(long events) {
    EVENTS.setRelease(this, (long) EVENTS.get(this) + events); // single writer (the drainer): no read-modify-write needed
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    count();
    ACCESS.onValue(inner, event, value, nowNanos);
  }

  @Override
  protected void onOccurrence(int event, long nowNanos) {
    count();
    ACCESS.onOccurrence(inner, event, nowNanos);
  }

  @Override
  protected void onTiming(int event, long durationNanos, long nowNanos) {
    ACCESS.onTiming(inner, event, durationNanos, nowNanos);
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    count(values.count());
    ACCESS.onValues(inner, event, values, nowNanos);
  }

  @Override
  protected void onOccurrences(int event, long count, long nowNanos) {
    count(count);
    ACCESS.onOccurrences(inner, event, count, nowNanos);
  }

  /** Durations of folded blocks: their occurrences came through {@link #onOccurrences}, already counted. */
  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    ACCESS.onTimings(inner, event, durations, nowNanos);
  }

  @Override
  protected void onStart(int event, long threadId, long nanoTime) {
    count();
    ACCESS.onStart(inner, event, threadId, nanoTime);
  }

  @Override
  protected void onEnd(int event, long threadId, long nanoTime) {
    ACCESS.onEnd(inner, event, threadId, nanoTime);
  }

  @Override
  protected void onThreadEnded(long threadId) {
    ACCESS.onThreadEnded(inner, threadId);
  }

  @Override
  public CounterValue value(long nowNanos) {
    return inner.value(nowNanos);
  }

  @Override
  public CounterValue sinceStart(long nowNanos) {
    return inner.sinceStart(nowNanos);
  }
}
