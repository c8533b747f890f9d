package org.jcounters;

/**
 * What a producer does when its ring is full, which happens only when it reports events faster
 * than the drainer can count them for longer than the ring can absorb (more busy threads than
 * cores, a hot loop). Whatever the policy, no event is lost silently: it is counted, or counted in
 * {@link org.jcounters.core.Snapshot#droppedEvents()}.
 */
public enum FullRingPolicy {
  /**
   * The default: the producer folds the event into an overflow summary (per event id: count, sum,
   * minimum, maximum, and a histogram where a percentile counter listens), which the drainer folds
   * into the counters on its next pass and before every snapshot. Totals, counts, sums, averages,
   * minimum, maximum, durations and percentile counts stay exact; only the moment an event enters
   * a window becomes that of the drainer's next pass. The producer never waits: under saturation
   * the aggregation moves to it, as in the peer libraries. Starts and ends of threads that a
   * counter follows ({@code ThreadTimeCategorizer}, {@code EventLogger}) cannot be folded and are
   * counted as dropped, as is an event whose id finds the fixed overflow tables full. A shared ring
   * (virtual threads, threads beyond the ring budget) folds such events first, full or not, when no
   * counter of theirs needs them one by one (none follows threads or keeps percentiles): it saves
   * its producers a claim and the drainer a dispatch per event.
   */
  FOLD,

  /**
   * Count the event as dropped and return at once: the cheapest full ring, and wrong totals when
   * the drainer falls behind. For measuring the engine itself.
   */
  DROP,

  /**
   * Wake the drainer and wait (spin, yield, then park in microseconds) until the ring has room.
   * Exact counts at the cost of back-pressure on the producer; for tests, batch jobs and services
   * that prefer exactness to latency. The drainer's own thread never waits: it drops instead.
   */
  WAIT
}
