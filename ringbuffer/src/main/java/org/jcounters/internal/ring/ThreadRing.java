package org.jcounters.internal.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.SingleProducerSequencer;

/**
 * One platform thread's own ring: a Disruptor {@link SingleProducerSequencer} that only its owner
 * claims, its overflow summary and the owner's open blocks. Leased within the engine's ring budget;
 * recycled by the drainer when the owner dies.
 *
 * <p><b>Why this shape.</b> The producer's per-event work stays in lines it owns: the sequencer's
 * padded claim fields, its slots, and the padded cursor, which it writes with a release store. It
 * reads the drainer's position only when its cached view of free space runs out (the sequencer's
 * own caching), and checks the backlog against the high-water mark once every
 * {@code capacity / 16} events, so the drainer can sleep and take large batches instead of chasing
 * the producer line by line.
 *
 * <p><b>Memory.</b> {@code 16 × capacity} bytes of slots, a 4 KiB overflow summary and about 1 KiB
 * of padded sequences.
 */
public final class ThreadRing extends Ring {
  /** An own ring's bytes beside its slots: its overflow summary, sequences and bookkeeping (measured with JOL in ThreadRingLayoutTest). */
  static final long OVERHEAD_BYTES = 7 * 1024;

  private final SingleProducerSequencer singleProducer;
  private final SingleWriterOverflow overflow = new SingleWriterOverflow();
  /** The owner's open blocks (the owner's only) and this ring, as the owner's producer state. */
  final TimingStack stack = new TimingStack();
  final ProducerState state = new ProducerState(this, stack);

  private volatile Thread owner;
  /** The owner's thread id, -1 when free: read by {@link RingTable#lookup} on every event, written only on lease and release. */
  long ownerId = -1;

  ThreadRing(int capacity, RingPlacement placement) {
    this(new SingleProducerSequencer(capacity, new BusySpinWaitStrategy()), capacity, placement);
  }

  private ThreadRing(SingleProducerSequencer sequencer, int capacity, RingPlacement placement) {
    super(sequencer, capacity, placement);
    this.singleProducer = sequencer;
  }

  /** What a ring of {@code capacity} slots takes, as the ring budget counts it. */
  static long bytes(int capacity) {
    return 16L * capacity + OVERHEAD_BYTES;
  }

  /**
   * Once the ring was found full, the next {@value SingleWriterOverflow#SKIP_AFTER_FULL} foldable
   * events fold without trying the ring: a failed claim costs a volatile store and a read of the
   * drainer's line (the sequencer's capacity check), a fold costs neither.
   */
  @Override
  void publish(long header, long payload) {
    final SingleWriterOverflow overflow = this.overflow;
    if (overflow.skipRing > 0) {
      int kind = EventRecord.kind(header);
      if (EventRecord.foldable(kind)) {
        overflow.skipRing--;
        if (overflowFold(EventRecord.foldKey(kind, EventRecord.eventId(header)), payload)) {
          return;
        }
      }
    }
    if (!tryPublish(header, payload)) {
      if (placement.policy == org.jcounters.FullRingPolicy.FOLD) {
        overflow.skipRing = SingleWriterOverflow.SKIP_AFTER_FULL;
      }
      onFull(header, payload);
    }
  }

  @Override
  boolean tryPublish(long header, long payload) {
    final long sequence;
    try {
      sequence = singleProducer.tryNext();
    } catch (InsufficientCapacityException full) { // a preallocated singleton: no stack trace is built
      return false;
    }
    // A claim never published (an Error between claim and publish) shows as a gap behind the cursor.
    // The cursor is the owner's own padded line: reading it costs a load, where keeping a "last
    // published" field would write, per event, a line the drainer reads.
    if (sequence != singleProducer.getCursor() + 1) {
      skipUnpublished(sequence);
    }
    write(sequence, header, payload);
    singleProducer.publish(sequence); // release store of the cursor: the slot's writes are visible before it
    if ((sequence & wakeCheckMask) == 0) {
      wakeDrainerIfBacklogged(sequence);
    }
    return true;
  }

  /**
   * The owner claimed slots it never published (an Error between claim and publish): fill them
   * with SKIP records, counted as dropped, so that publishing this one does not expose stale slots.
   */
  private void skipUnpublished(long sequence) {
    long from = singleProducer.getCursor() + 1;
    for (long s = from; s < sequence; s++) {
      write(s, EventRecord.header(EventRecord.SKIP, 0), 0);
      countDropped();
    }
  }

  @Override
  boolean foldOwn(int key, long value) {
    return overflow.fold(key, value);
  }

  @Override
  void drainOverflowTo(FoldSink sink) {
    overflow.drainTo(sink);
  }

  @Override
  long claimed() {
    return singleProducer.getCursor(); // a claim is only the owner's; the published cursor is what others can wait for
  }

  @Override
  void skipStuckSlot() {
    // Never stuck: the cursor moves only on publish, and a claim left unpublished is skipped by the owner itself.
  }

  Thread owner() {
    return owner;
  }

  void lease(Thread thread) {
    ownerId = thread.getId();
    owner = thread;
  }

  /** Ends the lease of a dead owner. Drainer only, ring fully drained. */
  void release() {
    ownerId = -1;
    owner = null;
    stack.clear();
  }

  /** For tests: claims a slot and never publishes it, as a producer struck between claim and publish would. */
  void claimWithoutPublishing() throws InsufficientCapacityException {
    singleProducer.tryNext();
  }
}
