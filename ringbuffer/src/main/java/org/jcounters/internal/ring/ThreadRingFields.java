package org.jcounters.internal.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SingleProducerSequencer;

/**
 * The fields of a thread's own ring that the drainer and other threads read, laid out before
 * {@link ThreadRingPadding}'s padding, so that the fields the owner writes while its ring is full
 * ({@link ThreadRing}'s own) share no cache line with them.
 */
abstract class ThreadRingFields extends Ring {
  /**
   * What the owner has published, which the drainer's poller follows. The owner writes it directly
   * (release) rather than through the sequencer's cursor, two loads further away on every event.
   */
  final Sequence published;
  /** What the owner folds while the ring is full. */
  final SingleWriterOverflow overflow = new SingleWriterOverflow();
  /** One word a slot (see {@link EventRecord}). */
  final long[] words;
  /** The owner's open blocks (the owner's only) and this ring, as the owner's producer state. */
  final TimingStack stack = new TimingStack();
  final ProducerState state;
  volatile Thread owner;

  ThreadRingFields(int capacity, RingPlacement placement) {
    this(new Sequence(-1), capacity, placement);
  }

  private ThreadRingFields(Sequence published, int capacity, RingPlacement placement) {
    super(new SingleProducerSequencer(capacity, new BusySpinWaitStrategy()), capacity, placement, published);
    this.published = published;
    this.words = new long[capacity];
    this.state = new ProducerState(this, stack);
  }
}
