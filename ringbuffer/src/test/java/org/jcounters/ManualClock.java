package org.jcounters;

import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.core.Clock;

/** A clock the test moves by hand, shared safely between threads. */
final class ManualClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
  }
}
