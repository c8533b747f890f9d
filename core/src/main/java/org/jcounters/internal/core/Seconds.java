package org.jcounters.internal.core;

/**
 * Reports show times in seconds, as PyCounters does; the engine measures them in nanoseconds. The
 * one conversion, for the counters and the values they report.
 */
public final class Seconds {
  private static final double NANOS_PER_SECOND = 1e9;

  private Seconds() {}

  /**
   * A time in nanoseconds, in seconds.
   *
   * @param nanos a time in nanoseconds
   * @return {@code nanos / 1e9}
   */
  public static double fromNanos(double nanos) {
    return nanos / NANOS_PER_SECOND;
  }
}
