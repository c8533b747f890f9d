package org.jcounters.internal.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.MultiProducerSequencer;

/**
 * A ring any thread may publish into: one stripe of a fixed set shared by virtual threads and by
 * platform threads beyond the ring budget, each thread always on the same stripe (by a hash of its
 * id), so its events stay in order. A Disruptor {@link MultiProducerSequencer}: producers claim
 * with a CAS on its cursor, which is the highest <em>claimed</em> sequence; the poller drains up to
 * the highest <em>published</em> one. {@code tryNext} never parks (its {@code next()} would).
 *
 * <p><b>Memory.</b> {@code 16 × capacity} bytes of slots, the MP sequencer's availability buffer
 * ({@code 4 × capacity} bytes) and its overflow summary.
 */
final class SharedRing extends Ring {
  /** Two longs a record: header and payload (see {@link EventRecord}). */
  private final long[] slots;
  private final MultiProducerSequencer multiProducer;
  private final SharedOverflow overflow;

  SharedRing(int capacity, int overflowCells, RingPlacement placement) {
    this(new MultiProducerSequencer(capacity, new BusySpinWaitStrategy()), capacity, overflowCells, placement);
  }

  private SharedRing(MultiProducerSequencer sequencer, int capacity, int overflowCells, RingPlacement placement) {
    super(sequencer, capacity, placement, null); // drained as far as its cursor says is published
    this.overflow = new SharedOverflow(overflowCells);
    this.multiProducer = sequencer;
    this.slots = new long[capacity * 2];
  }

  @Override
  SharedOverflow overflow() {
    return overflow;
  }

  /**
   * Appends one event, or, if its header says {@link EventRecord#FOLD_FIRST} (which the drainer sets
   * only under {@link org.jcounters.FullRingPolicy#FOLD}), folds it into this ring's summary (an
   * atomic add, no slot, and no work for the drainer per event: it takes the summary on each pass). Many threads share a stripe, and a virtual thread's events would
   * otherwise each cost a claim here and a dispatch on the drainer, which shares the cores with the
   * carriers. An event whose key finds no free cell takes a slot.
   */
  @Override
  void publish(long header, long payload) {
    if ((header & EventRecord.FOLD_FIRST) != 0 && overflowFold(header, payload)) { // only foldable headers carry the hint
      return;
    }
    super.publish(header, payload);
  }

  @Override
  boolean tryPublish(long header, long payload) {
    final long sequence;
    try {
      sequence = multiProducer.tryNext();
    } catch (InsufficientCapacityException full) {
      return false;
    }
    write(sequence, header, payload);
    multiProducer.publish(sequence);
    if ((sequence & wakeCheckMask) == 0) {
      wakeDrainerIfBacklogged(sequence);
    }
    return true;
  }

  private void write(long sequence, long header, long payload) {
    final int index = ((int) sequence & mask) << 1;
    final long[] slots = this.slots;
    slots[index] = header;
    slots[index + 1] = payload;
  }

  @Override
  void dispatchAt(long sequence, Drainer drainer) {
    final int index = ((int) sequence & mask) << 1;
    long header = slots[index];
    drainer.deliver(EventRecord.kind(header), EventRecord.eventId(header), EventRecord.threadId(header), slots[index + 1]);
  }

  @Override
  long claimed() {
    return multiProducer.getCursor();
  }

  @Override
  void skipStuckSlot() {
    long stuck = drained() + 1;
    if (stuck <= multiProducer.getCursor() && !multiProducer.isAvailable(stuck)) {
      write(stuck, EventRecord.header(EventRecord.SKIP, 0), 0);
      multiProducer.publish(stuck);
      countDropped();
    }
  }

  /** For tests: claims a slot and returns its sequence without publishing it, as a producer struck (or preempted) between claim and publish would. */
  long claimWithoutPublishing() throws InsufficientCapacityException {
    return multiProducer.tryNext();
  }

  /** For tests: writes and publishes a slot claimed by {@link #claimWithoutPublishing}, as a preempted producer would, late. */
  void publishClaimed(long sequence, long header, long payload) {
    write(sequence, header, payload);
    multiProducer.publish(sequence);
  }
}
