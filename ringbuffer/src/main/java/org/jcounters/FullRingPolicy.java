package org.jcounters;

/**
 * What a producer does when its ring is full, which happens only when it reports events faster
 * than the drainer can count them for longer than the ring can absorb. Whatever the policy, no
 * event is lost silently: it is counted, or counted in {@link org.jcounters.core.Snapshot#droppedEvents()}.
 */
public enum FullRingPolicy {
  /**
   * The default: count the event as dropped and return at once. The hot path never blocks, which
   * is the point of measuring in production: a metrics library must not slow the service down
   * when the service is busiest.
   */
  DROP,

  /**
   * Wake the drainer and wait (spin, yield, then park in microseconds) until the ring has room.
   * Exact counts at the cost of back-pressure on the producer; for tests, batch jobs and services
   * that prefer exactness to latency. The drainer's own thread never waits: it drops instead.
   */
  WAIT
}
