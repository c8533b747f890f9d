package org.jcounters.multiprocess;

import org.slf4j.Logger;

/**
 * Warnings about refused connections, at most {@code perWindow} per window. A flood of garbage at the
 * port must not become a flood in the service's log (nor cost the leader more than the refusals
 * themselves); what is held back is counted and the count appears in the next line that gets through.
 * Thread-safe; the lock is taken only when something is being refused.
 */
final class RateLimitedLog {
  private final Logger log;
  private final int perWindow;
  private final long windowNanos;
  private long windowStart = System.nanoTime();
  private int loggedInWindow;
  private long suppressed;

  RateLimitedLog(Logger log, int perWindow, long windowNanos) {
    this.log = log;
    this.perWindow = perWindow;
    this.windowNanos = windowNanos;
  }

  void warn(String format, Object... args) {
    long held;
    synchronized (this) {
      long now = System.nanoTime();
      if (now - windowStart >= windowNanos) {
        windowStart = now;
        loggedInWindow = 0;
      }
      if (loggedInWindow >= perWindow) {
        suppressed++;
        return;
      }
      loggedInWindow++;
      held = suppressed;
      suppressed = 0;
    }
    if (held > 0) {
      log.warn("({} similar warnings suppressed)", held);
    }
    log.warn(format, args);
  }
}
