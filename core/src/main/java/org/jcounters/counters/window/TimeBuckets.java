package org.jcounters.counters.window;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * The time rules of both windows, as {@link SlidingWindow}'s class comment states them: which slot
 * of a ring of {@code buckets + 1} a time falls in (buckets of {@code g = ceil(window / buckets)} ns,
 * aligned on multiples of {@code g}), moving the ring forward and clearing the slots that left the
 * window, and window time that never goes backwards. The window that owns it keeps what the slots
 * hold and gives, at construction, how to clear one slot.
 *
 * <p>{@link #advance} is O(1) and allocation-free within a bucket; crossing buckets clears each slot
 * crossed, so at most every slot once whatever the gap. Not thread-safe: single-writer, as its owner.
 */
final class TimeBuckets {
  private final Duration window;
  private final int buckets;
  private final long granularityNanos;
  private final int slots;
  private final IntConsumer clearSlot;

  private boolean started;
  private long latestNanos;
  private long headBucket;
  private int headSlot;

  /**
   * Time cut into {@code buckets} buckets over {@code window} (fewer if the window is shorter than
   * that many nanoseconds); {@code clearSlot} empties the owner's slot of that index.
   *
   * @throws IllegalArgumentException if {@code window} is null, not positive or longer than
   *     {@link SlidingWindow#MAX_WINDOW_NANOS}, or {@code buckets} is not positive
   */
  TimeBuckets(Duration window, int buckets, IntConsumer clearSlot) {
    long windowNanos = SlidingWindow.requireValidWindow(window);
    if (buckets <= 0) {
      throw new IllegalArgumentException("a sliding window needs a positive number of buckets, got " + buckets);
    }
    this.window = window;
    this.buckets = (int) Math.min(buckets, windowNanos);
    this.granularityNanos = -Math.floorDiv(-windowNanos, this.buckets); // ceil: the buckets cover the whole window
    this.slots = this.buckets + 1;
    this.clearSlot = clearSlot;
  }

  Duration window() {
    return window;
  }

  int buckets() {
    return buckets;
  }

  long granularityNanos() {
    return granularityNanos;
  }

  /** The number of slots in the ring: {@code buckets + 1}, indexed from 0. */
  int slots() {
    return slots;
  }

  /**
   * Moves the window's time to {@code nowNanos}, clearing the slots of the buckets that left the
   * window, and returns the slot of the newest bucket, where an event at {@code nowNanos} goes. A
   * time earlier than the latest seen counts as that latest time.
   */
  int advance(long nowNanos) {
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
  long latestNanos() {
    return started ? latestNanos : Long.MIN_VALUE;
  }

  /** Clears every slot; the time is kept, so it still never goes backwards. */
  void clearAll() {
    for (int slot = 0; slot < slots; slot++) {
      clearSlot.accept(slot);
    }
  }

  private void rollTo(long bucket) {
    long gap = bucket - headBucket;
    if (gap < 0 || gap >= slots) {
      // A gap longer than the ring (gap < 0 is a subtraction that overflowed): every bucket left.
      clearAll();
    } else {
      int slot = headSlot;
      for (long i = 0; i < gap; i++) {
        slot = slot + 1 == slots ? 0 : slot + 1;
        clearSlot.accept(slot);
      }
      headSlot = slot;
    }
    headBucket = bucket;
  }
}
