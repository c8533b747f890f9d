package org.jcounters.internal.ring;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.jcounters.FullRingPolicy;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;

/** Rings for unit tests, with a drainer that is never started. */
final class TestRings {
  private TestRings() {}

  static RingPlacement placement(int ownRingCapacity) {
    ListeningFlags flags = new ListeningFlags(8);
    return new RingPlacement(FullRingPolicy.FOLD, ownRingCapacity, 1L << 20, 2, 64, 64, flags,
        rings -> new Drainer(new EventDispatcher(new EventNames(8)), System::nanoTime, new BackoffIdleStrategy(),
            1, 1, 1, rings, flags, counter -> true));
  }
}
