package org.jcounters.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;

/**
 * A counter under test, wrapped to count every event the drainer hands it, so that a benchmark can
 * prove that each event it reported was either counted or counted as dropped.
 *
 * <p>An event is one of: a VALUE ({@link #onValue}), an OCCURRENCE or an END (both reach
 * {@link #onOccurrence}), a START ({@link #onStart}). The drainer is the only writer; other threads read
 * {@link #received()} at any time (the pacing benchmarks, to know how far behind the drainer is) or after a
 * snapshot (exact then: the snapshot's completion orders the drainer's writes before the read).
 */
public final class Tally extends Counter {
  private static final VarHandle EVENTS;

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
    EVENTS.setRelease(this, (long) EVENTS.get(this) + 1); // single writer (the drainer): no read-modify-write needed
  }

  @Override
  public void onValue(int event, long value, long nowNanos) {
    count();
    inner.onValue(event, value, nowNanos);
  }

  @Override
  public void onOccurrence(int event, long nowNanos) {
    count();
    inner.onOccurrence(event, nowNanos);
  }

  @Override
  public void onTiming(int event, long durationNanos, long nowNanos) {
    inner.onTiming(event, durationNanos, nowNanos);
  }

  @Override
  public void onStart(int event, long source, long nanoTime) {
    count();
    inner.onStart(event, source, nanoTime);
  }

  @Override
  public void onEnd(int event, long source, long nanoTime) {
    inner.onEnd(event, source, nanoTime);
  }

  @Override
  public void onSourceClosed(long source) {
    inner.onSourceClosed(source);
  }

  @Override
  public CounterValue value(long nowNanos) {
    return inner.value(nowNanos);
  }
}
