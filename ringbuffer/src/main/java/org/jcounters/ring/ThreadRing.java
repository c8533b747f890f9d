package org.jcounters.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SingleProducerSequencer;
import org.jcounters.core.EventDispatcher;

/**
 * One producer thread's ring: a Disruptor {@link SingleProducerSequencer} over preallocated
 * primitive slots (see {@link EventRecord}), consumed in batches by the drainer through an
 * {@link EventPoller}.
 *
 * <p><b>Threads.</b> {@link #tryPublish} is called only by the owning thread. Everything else is
 * the drainer's, except {@link #dropped()}, which the drainer reads while the owner writes it.
 *
 * <p><b>Why this shape.</b> The producer's per-event work stays in lines it owns: the sequencer's
 * padded claim fields, its slots, and the padded cursor, which it writes with a release store. It
 * reads the drainer's position only when its cached view of free space runs out (the sequencer's
 * own caching), and checks the backlog against the high-water mark once every
 * {@code wakeCheckInterval} events, so the drainer can sleep and take large batches instead of
 * chasing the producer line by line.
 *
 * <p><b>Memory.</b> {@code 16 × capacity} bytes of slots plus about 1 KiB of padded sequences.
 */
public final class ThreadRing implements DataProvider<ThreadRing> {
  private final SingleProducerSequencer sequencer;
  private final EventPoller<ThreadRing> poller;
  private final long[] slots;
  private final int mask;
  private final long highWater;
  private final int wakeCheckMask;
  private final Drainer drainer;

  /**
   * Events lost because the ring was full: written by the owner only, read by the drainer. A padded
   * Disruptor {@link Sequence}, so that an overloaded producer counting drops does not keep
   * invalidating the line of this object's fields, which the drainer reads for every event.
   */
  private final Sequence dropped = new Sequence(0);

  private volatile Thread owner;
  /** The owner's thread id, -1 when free: read by {@link RingTable#lookup} on every event, written only on lease and release. */
  long ownerId = -1;
  /** The drainer's start/end pairing state for the current owner. */
  EventDispatcher.Source source;

  ThreadRing(int capacity, Drainer drainer) {
    this.sequencer = new SingleProducerSequencer(capacity, new BusySpinWaitStrategy());
    this.poller = sequencer.newPoller(this);
    sequencer.addGatingSequences(poller.getSequence());
    this.slots = new long[capacity * 2];
    this.mask = capacity - 1;
    this.highWater = capacity / 2;
    // Check the backlog 8 times per half ring: often enough to wake the drainer well before the
    // ring is full, rarely enough to cost nothing measurable (one AND and a branch per event).
    this.wakeCheckMask = Math.max(1, Integer.highestOneBit(capacity / 16)) - 1;
    this.drainer = drainer;
  }

  /**
   * Appends one event; returns false, having written nothing, if the ring is full. Owner thread only.
   */
  public boolean tryPublish(long header, long payload) {
    final long sequence;
    try {
      sequence = sequencer.tryNext();
    } catch (InsufficientCapacityException full) { // a preallocated singleton: no stack trace is built
      return false;
    }
    final int index = ((int) sequence & mask) << 1;
    final long[] slots = this.slots;
    slots[index] = header;
    slots[index + 1] = payload;
    sequencer.publish(sequence); // release store of the cursor: the slot's writes are visible before it
    if ((sequence & wakeCheckMask) == 0) {
      wakeDrainerIfBacklogged(sequence);
    }
    return true;
  }

  private void wakeDrainerIfBacklogged(long sequence) {
    if (sequence - poller.getSequence().get() >= highWater) {
      drainer.wake();
    }
  }

  /** Counts one event lost to a full ring and returns the ring's drop count. Owner thread only. */
  public long countDropped() {
    long count = dropped.get() + 1;
    dropped.set(count); // single writer: a release store, no atomic increment needed
    return count;
  }

  /** Events this ring has dropped since it was last recycled. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public ThreadRing get(long sequence) {
    return this;
  }

  /** The header of the event at {@code sequence}. Drainer only, for a published sequence. */
  long headerAt(long sequence) {
    return slots[((int) sequence & mask) << 1];
  }

  /** The payload of the event at {@code sequence}. Drainer only, for a published sequence. */
  long payloadAt(long sequence) {
    return slots[(((int) sequence & mask) << 1) + 1];
  }

  EventPoller<ThreadRing> poller() {
    return poller;
  }

  /** The highest sequence published so far. */
  long cursor() {
    return sequencer.getCursor();
  }

  /** The highest sequence drained so far. */
  long drained() {
    return poller.getSequence().get();
  }

  int capacity() {
    return mask + 1;
  }

  Thread owner() {
    return owner;
  }

  void lease(Thread thread) {
    ownerId = thread.getId();
    owner = thread;
  }

  /** Ends the lease of a dead owner: returns and clears the drop count. Drainer only, ring fully drained. */
  long release() {
    ownerId = -1;
    owner = null;
    source = null;
    long lost = dropped.get();
    dropped.set(0);
    return lost;
  }
}
