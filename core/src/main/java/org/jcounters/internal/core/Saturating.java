package org.jcounters.internal.core;

/**
 * The one saturating addition of totals and sums: windows, counter values and the multi-process
 * merge all add this way, so a sum that would overflow reads as the nearest bound, never as a
 * wrapped negative.
 */
public final class Saturating {
  private Saturating() {}

  /**
   * Saturating addition.
   *
   * @param a an addend
   * @param b the other addend
   * @return {@code a + b}, or the nearest of {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE} on overflow
   */
  public static long add(long a, long b) {
    long r = a + b;
    // Overflow iff both operands have the sign opposite to the result's (Hacker's Delight 2-13).
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
