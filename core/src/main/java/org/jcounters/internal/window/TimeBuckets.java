package org.jcounters.internal.window;

import java.time.Duration;

/**
 * The time rules of both windows, as {@link SlidingWindow}'s class comment states them: which slot
 * of a ring of {@code buckets + 1} a time falls in (buckets of {@code g = ceil(window / buckets)} ns,
 * aligned on multiples of {@code g}), moving the ring forward and clearing the slots that left the
 * window, and window time that never goes backwards. Each window keeps what its slots hold and says
 * how to empty one ({@link #clearSlot}).
 *
 * <p>{@link #advanceTo} is O(1) and allocation-free within a bucket; crossing buckets clears each
 * slot crossed, so at most every slot once whatever the gap. Not thread-safe: single-writer, as the
 * window.
 */
// A base class rather than a field: the time state then sits in the window's own object, so that
// recording reaches it without one more dependent load. clearSlot, the one method a window
// overrides, runs only when time crosses into a new bucket, never per event within one.
abstract class TimeBuckets {
  private final Duration window;
  private final int buckets;
  private final long granularityNanos;
  private final int slots;

  private boolean started;
  private long latestNanos;
  private long headBucket;
  private int headSlot;

  /**
   * Time cut into {@code buckets} buckets over {@code window} (fewer if the window is shorter than
   * that many nanoseconds). Calls no method of the subclass, which builds its slots afterwards.
   *
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@link SlidingWindow#MAX_WINDOW_NANOS}, or {@code buckets} is not positive
   */
  TimeBuckets(Duration window, int buckets) {
    long windowNanos = SlidingWindow.requireValidWindow(window);
    if (buckets <= 0) {
      throw new IllegalArgumentException("a sliding window needs a positive number of buckets, got " + buckets);
    }
    this.window = window;
    this.buckets = (int) Math.min(buckets, windowNanos);
    this.granularityNanos = -Math.floorDiv(-windowNanos, this.buckets); // ceil: the buckets cover the whole window
    this.slots = this.buckets + 1;
  }

  // The public methods here are not final, so javac gives each public window a public bridge to
  // them: reflection through the windows keeps working as when each declared its own.

  /** The window asked for at construction. */
  public Duration window() {
    return window;
  }

  /** How many buckets the window is cut into. */
  public int buckets() {
    return buckets;
  }

  /** The width of one bucket, in nanoseconds: how much longer than the window what is recorded may stay. */
  public long granularityNanos() {
    return granularityNanos;
  }

  /** Moves the window to {@code nowNanos}, clearing the buckets that left it; earlier times are ignored. */
  public void advance(long nowNanos) {
    advanceTo(nowNanos);
  }

  /** Forgets everything recorded (the window's time is kept: it still never goes backwards). */
  public void clear() {
    for (int slot = 0; slot < slots; slot++) {
      clearSlot(slot);
    }
  }

  /** Empties slot {@code slot} (0 to {@code slots() - 1}) of the window's ring. */
  abstract void clearSlot(int slot);

  /** The number of slots in the ring: {@code buckets + 1}, indexed from 0. */
  final int slots() {
    return slots;
  }

  /**
   * Moves the window's time to {@code nowNanos}, clearing the slots of the buckets that left the
   * window, and returns the slot of the newest bucket, where an event at {@code nowNanos} goes. A
   * time earlier than the latest seen counts as that latest time.
   */
  final int advanceTo(long nowNanos) {
    if (started && nowNanos <= latestNanos) {
      return headSlot; // time never goes backwards for the window (see SlidingWindow's class comment)
    }
    long bucket = Math.floorDiv(nowNanos, granularityNanos);
    if (!started) {
      started = true;
      headBucket = bucket;
    } else if (bucket != headBucket) {
      rollTo(bucket);
    }
    latestNanos = nowNanos;
    return headSlot;
  }

  /** The latest time the window has seen (its "now"), or {@link Long#MIN_VALUE} before anything. */
  final long latestSeenNanos() {
    return started ? latestNanos : Long.MIN_VALUE;
  }

  private void rollTo(long bucket) {
    long gap = bucket - headBucket;
    if (gap < 0 || gap >= slots) {
      // A gap longer than the ring (gap < 0 is a subtraction that overflowed): every bucket left.
      clear();
    } else {
      int slot = headSlot;
      for (long i = 0; i < gap; i++) {
        slot = slot + 1 == slots ? 0 : slot + 1;
        clearSlot(slot);
      }
      headSlot = slot;
    }
    headBucket = bucket;
  }
}
