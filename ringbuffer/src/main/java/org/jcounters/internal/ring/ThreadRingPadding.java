package org.jcounters.internal.ring;

/** 64 bytes between what the drainer reads of a thread's own ring and what its owner writes. */
abstract class ThreadRingPadding extends ThreadRingFields {
  @SuppressWarnings("unused")
  private long p0, p1, p2, p3, p4, p5, p6, p7;

  ThreadRingPadding(int capacity, RingPlacement placement) {
    super(capacity, placement);
  }
}
