package org.jcounters.internal.ring;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.Sequencer;
import java.util.concurrent.locks.LockSupport;
import org.jcounters.FullRingPolicy;

/**
 * What the drainer sees of a ring, whoever writes it: preallocated primitive slots (laid out as
 * {@link EventRecord} says, by the subclass) behind a Disruptor sequencer, consumed in batches through an
 * {@link EventPoller}, and what happens when the ring is full ({@link FullRingPolicy}). The two
 * kinds differ in who claims slots: {@link ThreadRing} (one owner thread) and {@link SharedRing}
 * (any thread).
 *
 * <p><b>Full rings.</b> Under {@link FullRingPolicy#FOLD}, the producer folds a value, occurrence
 * or timing into {@link #overflowFold} (its ring's summary, then the shared spill), and a
 * percentile counter's histogram: nothing lost, the work moved to the producer. What cannot be
 * folded (a followed thread's start or end, or a key that finds every cell taken) is counted as
 * dropped, as are all events under {@link FullRingPolicy#DROP}.
 */
abstract class Ring implements DataProvider<Ring> {
  final int mask;
  /** The number of slots. */
  final int slotCount;
  final Sequencer sequencer;
  final EventPoller<Ring> poller;
  final RingPlacement placement;
  private final long highWater;
  final int wakeCheckMask;
  /** Events lost by this ring: counted by producers, read by the drainer; padded off the lines the drainer reads per event. */
  private final Sequence dropped = new Sequence(0);

  /**
   * A ring over {@code sequencer}'s slots, drained up to {@code published}, or, if null, as far as
   * the sequencer's cursor says is published.
   */
  Ring(Sequencer sequencer, int capacity, RingPlacement placement, Sequence published) {
    this.sequencer = sequencer;
    this.poller = published == null ? sequencer.newPoller(this) : sequencer.newPoller(this, published);
    sequencer.addGatingSequences(poller.getSequence());
    this.mask = capacity - 1;
    this.slotCount = capacity;
    this.highWater = capacity / 2;
    // Check the backlog 8 times per half ring: often enough to wake the drainer well before the
    // ring is full, rarely enough to cost nothing measurable (one AND and a branch per event).
    this.wakeCheckMask = Math.max(1, Integer.highestOneBit(capacity / 16)) - 1;
    this.placement = placement;
  }

  /** Appends one event, or returns false, having written nothing, if the ring is full. */
  abstract boolean tryPublish(long header, long payload);

  /** Appends one event; a full ring is handled by the engine's policy. Never throws, never waits under FOLD and DROP. */
  void publish(long header, long payload) {
    if (!tryPublish(header, payload)) {
      onFull(header, payload);
    }
  }

  /** Hands the record at {@code sequence}, published, to {@code drainer}. Drainer only. */
  abstract void dispatchAt(long sequence, Drainer drainer);

  /**
   * What this ring's producers fold while it is full. Typed by each subclass, so that a producer's
   * fold, inlined into the subclass, calls its summary directly.
   */
  abstract OverflowSummary overflow();

  /** Adds what this ring's overflow summary holds to {@code sink}. Drainer only. */
  final void drainOverflowTo(FoldSink sink) {
    overflow().drainTo(sink);
  }

  /** The highest sequence claimed so far: every event published before a snapshot request is at or below it. */
  abstract long claimed();

  final void onFull(long header, long payload) {
    final RingPlacement placement = this.placement;
    switch (placement.policy) {
      case FOLD -> {
        if (EventRecord.foldable(EventRecord.kind(header)) && overflowFold(header, payload)) {
          // Reads the drainer's 'sleeping' flag, which it writes only around parks: a busy drainer
          // leaves the line shared, so this costs a load, and a parked one is woken at once.
          placement.drainer.wake();
          return;
        }
      }
      case WAIT -> {
        if (awaitRoom(header, payload)) {
          return;
        }
      }
      case DROP -> { }
    }
    countDropped();
  }

  /** Folds a foldable event into this ring's summary, else the spill; false if neither has room. */
  final boolean overflowFold(long header, long value) {
    final int key = EventRecord.foldKey(EventRecord.kind(header), EventRecord.eventId(header));
    if ((header & EventRecord.KEEPS_HISTOGRAM) != 0) {
      return foldIntoHistogramFirst(key, value);
    }
    return overflow().fold(key, value) || placement.spill.fold(key, value);
  }

  /**
   * The histogram first: the drainer takes a key's histogram when it takes the key's count, so a
   * value recorded before its count is never left behind. But only once the key has a cell, so that
   * a value no cell can take is not both in a percentile counter and counted as dropped.
   */
  private boolean foldIntoHistogramFirst(int key, long value) {
    final OverflowSummary summary = overflow().hasCellFor(key) ? overflow() : placement.spill.hasCellFor(key) ? placement.spill : null;
    if (summary == null) {
      return false;
    }
    placement.histograms.record(key, value);
    return summary.fold(key, value);
  }

  private boolean awaitRoom(long header, long payload) {
    Drainer drainer = placement.drainer;
    if (drainer.isDrainerThread()) {
      return false; // the drainer never waits for itself
    }
    drainer.wake();
    for (int attempt = 0; !drainer.isStopped(); attempt++) {
      if (tryPublish(header, payload)) {
        return true;
      }
      if (attempt < 100) {
        Thread.onSpinWait();
      } else if (attempt < 200) {
        Thread.yield();
      } else {
        drainer.wake();
        LockSupport.parkNanos(10_000);
      }
    }
    return false;
  }

  final void countDropped() {
    long count = dropped.incrementAndGet();
    if ((count & 1023) == 1) {
      placement.drainer.wake();
    }
  }

  /** Events this ring has lost so far. */
  final long dropped() {
    return dropped.get();
  }

  /** Wakes the drainer if this producer's backlog passed the high-water mark; called every {@code wakeCheckMask + 1} events. */
  final void wakeDrainerIfBacklogged(long sequence) {
    if (sequence - poller.getSequence().get() >= highWater) {
      placement.drainer.wake();
    }
  }

  @Override
  public final Ring get(long sequence) {
    return this;
  }

  /** The highest sequence drained so far. */
  final long drained() {
    return poller.getSequence().get();
  }

  /**
   * Publishes a SKIP record in place of the slot after {@link #drained()}, which a producer claimed
   * and never published (it died, or a StackOverflowError struck between claim and publish), so
   * that draining goes on. Drainer only, after the slot has been stuck long enough.
   */
  abstract void skipStuckSlot();
}
