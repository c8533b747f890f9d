package org.jcounters.internal.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SingleProducerSequencer;

/**
 * One platform thread's own ring: slots only its owner writes, published through a Disruptor
 * {@link Sequence} that the drainer's {@link com.lmax.disruptor.EventPoller} follows, its overflow
 * summary and the owner's open blocks.
 * Leased within the engine's ring budget; recycled by the drainer when the owner dies.
 *
 * <p><b>Why this shape.</b> The owner claims nothing ahead of publishing: the next slot is always
 * the last one published plus one, checked against its cached view of the
 * drainer's position (re-read only when that view runs out), written, then published by a release
 * store of the sequence the poller follows. (The {@link SingleProducerSequencer} only builds the
 * poller: its cursor, two loads further from the ring, is not used.) So a producer
 * struck between writing and publishing (a StackOverflowError) leaves no claimed slot behind: the
 * next publish writes the same slot again. The per-event work stays in lines the owner holds, and
 * the backlog is checked against the high-water mark once every {@code capacity / 16} events, so the
 * drainer can sleep and take large batches instead of chasing the producer line by line.
 *
 * <p><b>Inlining.</b> {@link #publish} holds only two paths: a ring with room, and, while the ring is
 * full, a fold into one of the overflow summary's two run cells (runs of a header's events, as in a
 * hot loop of one or two ids: a few plain stores and one release store, about what
 * {@code LongAdder.increment()} costs), with its periodic look at the drainer's position. Everything
 * else is in {@link #publishSlowly}.
 * Compiled with every path inlined, the event methods grew past the JIT's limit for inlining an
 * already compiled method ("already compiled into a big method"), and were then called, not
 * inlined, with their flags and ring table no longer constants.
 *
 * <p><b>Words.</b> A record is one {@code long} word where it fits, two where it does not (see
 * {@link EventRecord}): eight records a cache line, so the owner writes, and the drainer reads, half
 * the lines a sixteen-byte record would take.
 *
 * <p><b>Memory.</b> {@code 8 × capacity} bytes of slots, a 4 KiB overflow summary and about 1 KiB
 * of padded sequences.
 */
public final class ThreadRing extends Ring {
  /** An own ring's bytes beside its slots: its overflow summary, sequences and bookkeeping (measured with JOL in ThreadRingLayoutTest). */
  static final long OVERHEAD_BYTES = 7 * 1024;
  /** Foldable events folded straight after the ring was found full, before looking at the drainer's position again. */
  static final int SKIP_AFTER_FULL = 64;
  /**
   * Ring laps of events folded once a look found the ring still full, before the next look: the
   * producer outpaces the drainer, so it folds (a few ns an event) rather than refill a ring the drainer
   * would dispatch event by event (about 10 ns each) on a core the producers need.
   */
  static final int LAPS_FOLDED_WHILE_OVERLOADED = 16;

  /**
   * What the owner has published, which the drainer's poller follows. The owner writes it directly
   * (release) rather than through the sequencer's cursor, two loads further away on every event.
   */
  private final Sequence published;
  /** What the owner folds while the ring is full. */
  private final SingleWriterOverflow overflow = new SingleWriterOverflow();
  /** One word a slot (see {@link EventRecord}). */
  private final long[] words;
  /** The owner's open blocks (the owner's only) and this ring, as the owner's producer state. */
  final TimingStack stack = new TimingStack();
  final ProducerState state = new ProducerState(this, stack);

  // Owner only, written rarely: when its view of the drainer runs out, and when the ring is full.
  /** The drainer's position as the owner last read it: slots up to it plus the capacity are free. */
  private long drainedSeen = -1;
  /**
   * Whether the owner found the ring full and folds (see {@link #publishSlowly}). Written only when
   * that changes: the countdown of folds before the next look at the ring is the summary's
   * ({@link SingleWriterOverflow#countedDown}), on the lines every fold writes anyway, not on the
   * ring's, which the drainer reads record by record.
   */
  private boolean full;
  /**
   * The summary's run cells (held here too, so that a fold loads a cell from the ring, not the ring's
   * summary first), and the headers whose events go to them while the ring is full; -1 when none.
   */
  private final RunCell firstRun = overflow.firstRun;
  private final RunCell secondRun = overflow.secondRun;
  private long firstRunHeader = -1;
  private long secondRunHeader = -1;


  private volatile Thread owner;
  /** The owner's thread id, -1 when free: read by {@link RingTable#lookup} on every event, written only on lease and release. */
  long ownerId = -1;

  ThreadRing(int capacity, RingPlacement placement) {
    this(new Sequence(-1), capacity, placement);
  }

  private ThreadRing(Sequence published, int capacity, RingPlacement placement) {
    super(new SingleProducerSequencer(capacity, new BusySpinWaitStrategy()), capacity, placement, published);
    this.published = published;
    this.words = new long[capacity];
  }

  @Override
  SingleWriterOverflow overflow() {
    return overflow;
  }

  /** What a ring of {@code capacity} slots takes, as the ring budget counts it. */
  static long bytes(int capacity) {
    return 8L * capacity + OVERHEAD_BYTES;
  }

  /**
   * Appends one event: one word into the ring's room as last seen; while the ring was just found
   * full, an event of a run's header into its run cell; else {@link #publishSlowly}. Owner only.
   */
  @Override
  void publish(long header, long payload) {
    if (!full) {
      final long next = published.get() + 1;
      if (next - slotCount <= drainedSeen && EventRecord.fitsWord(header, payload)) {
        words[(int) next & mask] = EventRecord.word(header, payload);
        commit(next, next);
        return;
      }
    } else if (header == firstRunHeader) {
      foldIntoRun(firstRun, payload);
      return;
    } else if (header == secondRunHeader) {
      foldIntoRun(secondRun, payload);
      return;
    }
    publishSlowly(header, payload);
  }

  /** Folds into a run cell bound to this event's header, then counts the fold down. */
  private void foldIntoRun(RunCell run, long payload) {
    run.fold(payload);
    if (overflow.countedDown()) {
      lookAgainWhileFull();
    }
  }

  /**
   * The countdown of folds is over: a fresh look at the drainer's position. Still full, the folds go
   * on for another {@value #LAPS_FOLDED_WHILE_OVERLOADED} laps of the ring (and the drainer is woken
   * if it sleeps); else the next event takes the ring. Inline on the runs' path, so that a hot loop
   * folding into a full ring calls nothing: a call in the loop made the JIT keep the loop's values on
   * the stack.
   */
  private void lookAgainWhileFull() {
    drainedSeen = drained();
    if (published.get() + 1 - slotCount > drainedSeen) {
      overflow.countDownFrom((int) Math.min((long) slotCount * LAPS_FOLDED_WHILE_OVERLOADED, Integer.MAX_VALUE));
      placement.drainer.wake();
    } else {
      full = false;
    }
  }

  /**
   * Once the ring was found full, the next {@value #SKIP_AFTER_FULL} foldable events fold without
   * looking at it (then, while it stays full, {@value #LAPS_FOLDED_WHILE_OVERLOADED} laps' worth;
   * see {@link #lookAgainWhileFull}): a look re-reads the drainer's position, a line the drainer
   * writes, where a fold touches only the owner's lines. Into a run cell if one can take the
   * event's key (which then becomes that run's header), else into the summary's table. False if the
   * event is not foldable or found no cell.
   */
  private boolean foldWhileFull(long header, long payload) {
    final int kind = EventRecord.kind(header);
    if (!EventRecord.foldable(kind)) {
      return false;
    }
    if (overflow.countedDown()) {
      lookAgainWhileFull(); // as the runs' path does
    }
    if ((header & EventRecord.KEEPS_HISTOGRAM) == 0 && foldIntoARunCell(header, payload)) {
      return true;
    }
    return overflowFold(header, payload);
  }

  /**
   * Binds the event's key to a run cell (the one that holds it already, else the first that holds
   * nothing untaken), makes the event's header that cell's and folds the event; false if neither
   * cell can take the key. A key that changes header (a hint bit flipped by a registration) keeps
   * its cell, rather than taking the other one too.
   */
  private boolean foldIntoARunCell(long header, long payload) {
    final int key = EventRecord.foldKey(EventRecord.kind(header), EventRecord.eventId(header));
    if (!secondRun.holds(key) && firstRun.bind(key)) {
      firstRunHeader = header;
      firstRun.fold(payload);
      return true;
    }
    if (secondRun.bind(key)) {
      secondRunHeader = header;
      secondRun.fold(payload);
      return true;
    }
    return false;
  }

  /**
   * Everything but the two paths {@link #publish} keeps inline: a fold while full of another header
   * than the runs', a look at the drainer's position, a two-word record, a full ring. Kept out of
   * {@link #publish} so that, compiled, the event methods stay small enough to be inlined into their
   * callers even once a ring has filled.
   */
  private void publishSlowly(long header, long payload) {
    if (full && foldWhileFull(header, payload)) {
      return;
    }
    if (!tryPublish(header, payload)) {
      if (placement.policy == org.jcounters.FullRingPolicy.FOLD) {
        full = true;
        overflow.countDownFrom(SKIP_AFTER_FULL);
      }
      onFull(header, payload);
    }
  }

  @Override
  boolean tryPublish(long header, long payload) {
    final boolean oneWord = EventRecord.fitsWord(header, payload);
    final long first = published.get() + 1;
    final long last = oneWord ? first : first + 1;
    if (last - slotCount > drainedSeen) {
      drainedSeen = drained();
      if (last - slotCount > drainedSeen) {
        return false;
      }
    }
    if (oneWord) {
      words[(int) first & mask] = EventRecord.word(header, payload);
    } else {
      words[(int) first & mask] = EventRecord.wideWord(header);
      words[(int) last & mask] = payload;
    }
    commit(first, last);
    return true;
  }

  /**
   * Publishes the words {@code first} to {@code last}, written: a release store of {@link #published}, so
   * that they are visible before it (both words of a two-word record at once); then the periodic
   * backlog check.
   */
  private void commit(long first, long last) {
    published.set(last);
    if ((first & wakeCheckMask) == 0 || (last & wakeCheckMask) == 0) {
      wakeDrainerIfBacklogged(last);
    }
  }

  /**
   * Hands the record at {@code sequence} to {@code drainer}: a one-word record, or both words of a
   * two-word one (published together), whose second word is then passed over. Drainer only.
   */
  @Override
  void dispatchAt(long sequence, Drainer drainer) {
    if (drainer.takeContinuation(sequence)) {
      return;
    }
    long word = words[(int) sequence & mask];
    int kind = EventRecord.wordKind(word);
    int id = EventRecord.wordEventId(word);
    if (kind != EventRecord.WIDE) {
      drainer.deliver(kind, id, 0, EventRecord.wordPayload(word));
    } else {
      drainer.expectContinuation(sequence + 1);
      drainer.deliver(EventRecord.wideKind(word), id, EventRecord.wideThreadId(word), words[(int) (sequence + 1) & mask]);
    }
  }


  @Override
  long claimed() {
    return published.get(); // the owner claims nothing ahead: what is claimed is what is published
  }

  @Override
  void skipStuckSlot() {
    // Never stuck: the owner claims nothing ahead of publishing, its published sequence moves only on publish.
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
    full = false;
    firstRunHeader = -1;
    secondRunHeader = -1;
    stack.clear();
  }

  /** For tests: writes the next slot and never publishes it, as a producer struck between writing and publishing would. */
  void writeWithoutPublishing(long header, long payload) {
    words[(int) (published.get() + 1) & mask] = EventRecord.word(header, payload);
  }
}
