package org.jcounters.core;

/**
 * Monotonic time in nanoseconds, injectable so that window and timing tests need no sleeps.
 * Implementations must be thread-safe: producers read it for start/end events, the drainer for the rest.
 */
@FunctionalInterface
public interface Clock {
  /** The system's monotonic clock ({@link System#nanoTime()}). */
  Clock SYSTEM = System::nanoTime;

  /**
   * The current time; only differences between two readings of the same clock mean anything.
   *
   * @return nanoseconds from an arbitrary origin, never going backwards
   */
  long nanoTime();
}
