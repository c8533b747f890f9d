package org.jcounters.counters;

/** Reports show times in seconds, as PyCounters does; the engine measures them in nanoseconds. */
final class Seconds {
  static final double NANOS_PER_SECOND = 1e9;

  private Seconds() {}

  static double fromNanos(double nanos) {
    return nanos / NANOS_PER_SECOND;
  }
}
