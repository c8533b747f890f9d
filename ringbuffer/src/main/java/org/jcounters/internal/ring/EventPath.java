package org.jcounters.internal.ring;

import org.jcounters.core.Clock;

/**
 * The hot path: an event's listening flags read, then its record published from the calling thread
 * (into its own ring if the {@link RingTable} has one, else where {@link RingPlacement} says).
 *
 * <p><b>Why a record.</b> The JIT trusts a record's final fields as it trusts static finals. Held in
 * a static final (the default engine's, by {@code Events} and {@code Shortcuts}), a path's flags,
 * ring table and their arrays are constants in compiled code: an event loads no engine field to find
 * its flag and its thread's ring (measured in docs/DESIGN-NOTES.md, "The hot path as constants").
 *
 * <p>The event methods ({@link #value}, {@link #occurrence}, {@link #durationNanos}, {@link #start},
 * {@link #end}) return false, having done nothing, for an id the engine never issued: the caller
 * throws, so that the path holds no message-building code. The block methods serve shortcuts, whose
 * ids are always issued.
 */
public record EventPath(ListeningFlags flags, RingTable table, RingPlacement placement, Clock clock) {
  /** What {@link #startBlock} returns when nobody listened to the block's start. */
  public static final long NO_START = TimingStack.NO_START;

  /** A value event; false if the id is unknown. */
  public boolean value(int id, long value) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) != 0) {
      publish(EventRecord.foldableHeader(EventRecord.VALUE, id, listening), value);
    }
    return listening != 0;
  }

  /** An occurrence; false if the id is unknown. */
  public boolean occurrence(int id) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) != 0) {
      publish(EventRecord.occurrenceHeader(id, listening), 0L);
    }
    return listening != 0;
  }

  /** A block of {@code nanos} measured by the caller (a negative one counts as 0): one TIMING record; false if the id is unknown. */
  public boolean durationNanos(int id, long nanos) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.TAKES_DURATIONS) != 0) {
      publish(EventRecord.foldableHeader(EventRecord.TIMING, id, listening), Math.max(0, nanos));
    }
    return listening != 0;
  }

  /** A block starts on the calling thread, its start kept with the thread; false if the id is unknown. */
  public boolean start(int id) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) != 0) {
      long now = clock.nanoTime();
      Thread thread = Thread.currentThread();
      ProducerState state = stateOf(thread);
      if ((listening & ListeningFlags.TAKES_DURATIONS) != 0) {
        state.stack.push(id, now);
      }
      if ((listening & ListeningFlags.FOLLOWS_THREADS) != 0) {
        state.ring.publish(EventRecord.header(EventRecord.START, id, thread.getId()), now);
      }
    }
    return listening != 0;
  }

  /**
   * A block ends on the calling thread: paired with its latest unmatched start of {@code id}, its
   * duration, measured here, is published as one record; false if the id is unknown.
   */
  public boolean end(int id) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) != 0) {
      long now = clock.nanoTime();
      Thread thread = Thread.currentThread();
      ProducerState state = stateOf(thread);
      long start = (listening & ListeningFlags.TAKES_DURATIONS) != 0 ? state.stack.pop(id) : NO_START;
      publishEnd(state.ring, thread.getId(), id, listening, start, now);
    }
    return listening != 0;
  }

  /**
   * A block starts whose start the caller keeps (no per-thread state: a shortcut's scope): only a
   * thread-following counter's START record, if any. Returns the start time, or {@link #NO_START}
   * if nobody listens (or the id is unknown).
   */
  public long startBlock(int id) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) == 0) {
      return NO_START;
    }
    long now = clock.nanoTime();
    if ((listening & ListeningFlags.FOLLOWS_THREADS) != 0) {
      publish(EventRecord.header(EventRecord.START, id, Thread.currentThread().getId()), now);
    }
    return now;
  }

  /** A block started by {@link #startBlock} at {@code startNanos} ends: one record, its duration (an occurrence if its start was not heard). */
  public void endBlock(int id, long startNanos) {
    int listening = flags.get(id);
    if ((listening & ListeningFlags.LISTENED) != 0) {
      long now = clock.nanoTime();
      Thread thread = Thread.currentThread();
      publishEnd(ringOf(thread), thread.getId(), id, listening, startNanos, now);
    }
  }

  /**
   * The records of a block's end: its duration for counters that take durations (an occurrence
   * without one if its start was not heard, a counter having come in between), its END for those
   * that follow threads.
   */
  private static void publishEnd(Ring ring, long threadId, int id, int listening, long startNanos, long nanoTime) {
    if ((listening & ListeningFlags.TAKES_DURATIONS) != 0) {
      if (startNanos != NO_START) {
        ring.publish(EventRecord.foldableHeader(EventRecord.TIMING, id, listening), Math.max(0, nanoTime - startNanos));
      } else {
        ring.publish(EventRecord.occurrenceHeader(id, listening), 0L);
      }
    }
    if ((listening & ListeningFlags.FOLLOWS_THREADS) != 0) {
      ring.publish(EventRecord.header(EventRecord.END, id, threadId), nanoTime);
    }
  }

  /**
   * Publishes one record from the calling thread. Not through {@link #ringOf}: the own ring's call
   * stays a direct call to {@link ThreadRing#publish}, with no type check on the hot path.
   */
  private void publish(long header, long payload) {
    Thread thread = Thread.currentThread();
    ThreadRing own = table.lookup(thread.getId());
    if (own != null) {
      own.publish(header, payload);
    } else {
      placement.ringElsewhere(thread).publish(header, payload);
    }
  }

  /** The ring {@code thread} (the calling thread) publishes into: its own, else where the placement says. */
  private Ring ringOf(Thread thread) {
    ThreadRing own = table.lookup(thread.getId());
    return own != null ? own : placement.ringElsewhere(thread);
  }

  /** The calling thread's ring and open blocks: its own ring's, else its thread-local's. */
  private ProducerState stateOf(Thread thread) {
    ThreadRing own = table.lookup(thread.getId());
    return own != null ? own.state : placement.stateElsewhere();
  }
}
