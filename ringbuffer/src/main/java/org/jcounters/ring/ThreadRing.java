package org.jcounters.ring;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jcounters.core.EventDispatcher;

/**
 * One producer thread's ring of preallocated primitive slots (see {@link EventRecord}), consumed in
 * batches by the drainer.
 *
 * <p><b>Threads.</b> {@link #tryPublish} is called only by the owning thread. Everything else is
 * the drainer's, except {@link #dropped()}, which the drainer reads while the owner writes it.
 *
 * <p><b>Why this shape (prototype).</b> The producer's claim is inlined instead of going through a
 * Disruptor {@code SingleProducerSequencer} ({@code tryNext} and {@code publish} cost about 1.4 ns
 * more than two stores, see {@code HotPathPartsBenchmark}): the next sequence is the cursor plus
 * one, the free space is a limit cached in a line only the owner writes, refreshed from the
 * drainer's position only when it runs out. The cursor and the drained position are Disruptor
 * padded {@link Sequence}s; the owner publishes with a release store of the cursor. Nothing the
 * owner writes per event shares a line with what the drainer reads per event.
 *
 * <p><b>Memory.</b> {@code 16 × capacity} bytes of slots plus about 1 KiB of padded sequences.
 */
public final class ThreadRing {
  private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(long[].class);
  /** Owner-only state, in the middle of a 16-long array so that no other data shares its cache line. */
  private static final int LIMIT = 7;
  private static final int DROPPED = 8;

  private final long[] slots;
  private final int mask;
  private final int capacity;
  private final long highWater;
  private final int wakeCheckMask;
  private final Drainer drainer;
  /** Highest published sequence: written by the owner (release), read by the drainer (acquire). */
  private final Sequence cursor = new Sequence(-1);
  /** Highest drained sequence: written by the drainer (release), read by the owner when its limit runs out. */
  private final Sequence drained = new Sequence(-1);
  /** The owner's cached publish limit (a sequence may be published while it is at most this) and drop count. */
  private final long[] ownerState = new long[16];

  private volatile Thread owner;
  /** The drainer's start/end pairing state for the current owner. */
  EventDispatcher.Source source;

  ThreadRing(int capacity, Drainer drainer) {
    this.slots = new long[capacity * 2];
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.highWater = capacity / 2;
    // Check the backlog 8 times per half ring: often enough to wake the drainer well before the
    // ring is full, rarely enough to cost nothing measurable (one AND and a branch per event).
    this.wakeCheckMask = Math.max(1, Integer.highestOneBit(capacity / 16)) - 1;
    this.drainer = drainer;
    ownerState[LIMIT] = capacity - 1;
  }

  /**
   * Appends one event; returns false, having written nothing, if the ring is full. Owner thread only.
   */
  public boolean tryPublish(long header, long payload) {
    final long sequence = cursor.get() + 1; // the owner's own write: no other core involved
    final long[] state = ownerState;
    if (sequence > state[LIMIT] && !refreshLimit(sequence)) {
      return false;
    }
    final int index = ((int) sequence & mask) << 1;
    final long[] slots = this.slots;
    slots[index] = header;
    slots[index + 1] = payload;
    cursor.set(sequence); // release store: the slot's writes are visible before it
    if ((sequence & wakeCheckMask) == 0) {
      wakeDrainerIfBacklogged(sequence);
    }
    return true;
  }

  /** The slow path: re-reads how far the drainer is; false if the ring is still full. */
  private boolean refreshLimit(long sequence) {
    long limit = drained.get() + capacity;
    ownerState[LIMIT] = limit;
    return sequence <= limit;
  }

  private void wakeDrainerIfBacklogged(long sequence) {
    if (sequence - drained.get() >= highWater) {
      drainer.wake();
    }
  }

  /**
   * Hands the events published since the last poll to {@code handler}, in order, until it returns
   * false or the published ones run out (the {@link EventPoller} contract). Drainer only.
   */
  void poll(EventPoller.Handler<ThreadRing> handler) throws Exception {
    long next = drained.get() + 1;
    final long available = cursor.get(); // acquire: every slot up to it is written
    if (next > available) {
      return;
    }
    long processed = next - 1;
    try {
      boolean more;
      do {
        more = handler.onEvent(this, next, next == available);
        processed = next++;
      } while (more && next <= available);
    } finally {
      drained.set(processed); // release: the slots up to it may be overwritten
    }
  }

  /** Counts one event lost to a full ring. Owner thread only. */
  public void countDropped() {
    STATE.setRelease(ownerState, DROPPED, (long) STATE.getOpaque(ownerState, DROPPED) + 1);
  }

  /** Events this ring has dropped since it was last recycled. */
  public long dropped() {
    return (long) STATE.getAcquire(ownerState, DROPPED);
  }

  /** Whether the ring has room for one more event right now (for the waiting policy). */
  public boolean hasCapacity() {
    return cursor.get() + 1 <= drained.get() + capacity;
  }

  /** The header of the event at {@code sequence}. Drainer only, for a published sequence. */
  long headerAt(long sequence) {
    return slots[((int) sequence & mask) << 1];
  }

  /** The payload of the event at {@code sequence}. Drainer only, for a published sequence. */
  long payloadAt(long sequence) {
    return slots[(((int) sequence & mask) << 1) + 1];
  }

  /** The highest sequence published so far. */
  long cursor() {
    return cursor.get();
  }

  /** The highest sequence drained so far. */
  long drained() {
    return drained.get();
  }

  int capacity() {
    return capacity;
  }

  Thread owner() {
    return owner;
  }

  void lease(Thread thread) {
    owner = thread;
  }

  /** Ends the lease of a dead owner: returns and clears the drop count. Drainer only, ring fully drained. */
  long release() {
    owner = null;
    source = null;
    long lost = dropped();
    STATE.setRelease(ownerState, DROPPED, 0L);
    return lost;
  }
}
