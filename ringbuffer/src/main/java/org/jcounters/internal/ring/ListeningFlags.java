package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jcounters.internal.core.EventDispatcher;

/**
 * One byte per possible event id saying whether, and how, it is listened to: the hot path's first
 * and, for an event nobody listens to, only read. Written by the drainer as counters come and go
 * (release), read by producers (acquire); a shortcut registering its counter may set bits ahead of
 * the drainer so that its first event is heard. A record, so that the JIT trusts its array as a
 * constant where the flags are one (see {@link EventPath}).
 */
public record ListeningFlags(byte[] flags) {
  private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(byte[].class);
  /** The id was issued. */
  public static final int KNOWN = 1;
  /** A counter takes blocks as durations (and values, occurrences). */
  public static final int TAKES_DURATIONS = 2;
  /** A counter follows threads: starts and ends are published as such. */
  public static final int FOLLOWS_THREADS = 4;
  /** A percentile counter listens: a folded value is also recorded in a histogram. */
  public static final int KEEPS_HISTOGRAM = 8;
  /**
   * Listened to, and no counter needs the events one by one (none follows threads, none keeps
   * percentiles, a labelled family's included), under {@link org.jcounters.FullRingPolicy#FOLD}: a
   * shared ring folds them first. Set by the drainer.
   */
  public static final int FOLDS_FIRST = 16;
  /** Any listener: values and occurrences are published. */
  public static final int LISTENED = TAKES_DURATIONS | FOLLOWS_THREADS;

  /** The most ids an event record carries (24 bits). */
  public static final int MAX_IDS = EventRecord.MAX_IDS;

  public ListeningFlags {
    requireIdCount(flags.length);
  }

  /** Flags for ids 0 to {@code maxIds - 1}, none issued. */
  public ListeningFlags(int maxIds) {
    this(new byte[requireIdCount(maxIds)]);
  }

  private static int requireIdCount(int maxIds) {
    if (maxIds <= 0 || maxIds > EventRecord.MAX_IDS) {
      throw new IllegalArgumentException("the most event ids (names and label sets) must be 1 to " + EventRecord.MAX_IDS + ", got " + maxIds);
    }
    return maxIds;
  }

  /** The flags of {@code id}, or 0 if it is out of range. */
  public int get(int id) {
    final byte[] flags = this.flags;
    return id >= 0 && id < flags.length ? (byte) FLAGS.getAcquire(flags, id) : 0; // acquire: pairs with set's release
  }

  public int capacity() {
    return flags.length;
  }

  /** Marks {@code id} issued; reads first, as a write (even a failing CAS) would take the line from every producer. */
  public void markKnown(int id) {
    if ((byte) FLAGS.getAcquire(flags, id) == 0) {
      FLAGS.compareAndSet(flags, id, (byte) 0, (byte) KNOWN);
    }
  }

  /**
   * Gives a new label set {@code id} its family's listening bits ({@code familyFlags}, read after the
   * label set was published to the drainer). Only if the drainer has not set them already: its value,
   * written after it saw the label set, is the newer one.
   */
  public void initialize(int id, int familyFlags) {
    FLAGS.compareAndSet(flags, id, (byte) 0, (byte) (familyFlags | KNOWN));
  }

  /**
   * Sets {@code id}'s listening bits from the dispatcher's, whether its folds keep a histogram, and
   * whether its events may be folded first (the engine's policy allows it and no percentile counter
   * takes them, to it or to its family): then {@link #FOLDS_FIRST} if no counter follows threads.
   * Drainer only.
   */
  void update(int id, EventDispatcher dispatcher, boolean keepsHistogram, boolean mayFoldFirst) {
    int bits = dispatcher.listening(id);
    boolean follows = (bits & EventDispatcher.FOLLOWS_THREADS) != 0;
    int flag = KNOWN
        | ((bits & EventDispatcher.TAKES_DURATIONS) != 0 ? TAKES_DURATIONS : 0)
        | (follows ? FOLLOWS_THREADS : 0)
        | (keepsHistogram ? KEEPS_HISTOGRAM : 0)
        | (bits != 0 && !follows && mayFoldFirst ? FOLDS_FIRST : 0);
    FLAGS.setRelease(flags, id, (byte) flag);
  }

  /** Adds listening bits ahead of the drainer (a shortcut's counter on its way). */
  public void addAhead(int id, int bits) {
    FLAGS.getAndBitwiseOrRelease(flags, id, (byte) bits);
  }

  /** Clears every listening bit (the engine is closing). */
  public void clearListening(int issued) {
    clearListening(0, issued);
  }

  /** Clears every listening bit of ids {@code from} to {@code to - 1} that were issued. */
  public void clearListening(int from, int to) {
    for (int id = from; id < to; id++) {
      if ((byte) FLAGS.getAcquire(flags, id) != 0) {
        FLAGS.setRelease(flags, id, (byte) KNOWN);
      }
    }
  }
}
