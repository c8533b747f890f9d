package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A run of one key's folds, in fields: the owner's fast path while its ring is full
 * ({@link ThreadRing#publish}) when a key's events come in a run, as in a hot loop: no probing, no
 * array, no bounds check. One of the {@link SingleWriterOverflow}'s two, so that a loop of two keys
 * in turn (a value and a timing, say) keeps both on the fast path.
 *
 * <p>The owner binds the cell to another key only once the drainer has taken all it holds, so that
 * the drainer, which reads it only when its count moved, always reads it whole under one key. Its
 * extremes restart in epochs, as a table cell's (see {@link SingleWriterOverflow}).
 */
final class RunCell {
  private static final VarHandle COUNT;
  private static final VarHandle MIN;
  private static final VarHandle MAX;
  private static final VarHandle TAKEN;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNT = lookup.findVarHandle(RunCell.class, "count", long.class);
      MIN = lookup.findVarHandle(RunCell.class, "min", long.class);
      MAX = lookup.findVarHandle(RunCell.class, "max", long.class);
      TAKEN = lookup.findVarHandle(RunCell.class, "taken", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Owner-written: the key (only when the drainer has taken all the cell holds), then per fold the
  // extremes, sum and count (release, last).
  private int key = -1;
  private long count;
  private long sum;
  /** This epoch's extremes: written with release when an epoch starts, so that a drainer reading them sees the previous epoch's below. */
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  /** The previous epoch's extremes, which the drainer may not have read whole. */
  private long minBefore = Long.MAX_VALUE;
  private long maxBefore = Long.MIN_VALUE;
  /** Owner only: the count when this epoch started. */
  private long epochStart;
  /** The count the drainer has taken: written by the drainer with release, read by the owner. */
  @SuppressWarnings("unused") // through TAKEN
  private long taken;

  // Drainer only.
  private long takenSum;

  /** Whether the cell is bound to {@code key}. Owner only. */
  boolean holds(int key) {
    return key == this.key;
  }

  /** Binds the cell to {@code key}, unless it holds another key's folds the drainer has not taken yet; true if it is {@code key}'s now. Owner only. */
  boolean bind(int key) {
    if (holds(key)) {
      return true;
    }
    if ((long) TAKEN.getAcquire(this) != count) {
      return false;
    }
    // All taken: the drainer reads the cell again only after a fold's release of the count, so it
    // sees these writes first.
    this.key = key;
    min = minBefore = Long.MAX_VALUE;
    max = maxBefore = Long.MIN_VALUE;
    epochStart = count;
    return true;
  }

  /** Folds one event of the bound key. Owner only. */
  void fold(long value) {
    final long count = this.count;
    if ((long) TAKEN.getAcquire(this) > epochStart) { // the drainer took a fold of this epoch: a new one starts
      minBefore = min;
      maxBefore = max;
      MIN.setRelease(this, value);
      MAX.setRelease(this, value);
      epochStart = count;
    } else {
      if (value < min) {
        min = value;
      }
      if (value > max) {
        max = value;
      }
    }
    sum += value; // wraps; the drainer folds differences, exact modulo 2^64
    COUNT.setRelease(this, count + 1);
  }

  /** Adds the folds since the last call to {@code sink}, with the extremes of this epoch and the previous one. Drainer only. */
  void drainTo(FoldSink sink) {
    final long count = (long) COUNT.getAcquire(this);
    final long taken = this.taken;
    if (count == taken) {
      return;
    }
    long min = Math.min((long) MIN.getAcquire(this), minBefore);
    long max = Math.max((long) MAX.getAcquire(this), maxBefore);
    long sum = this.sum;
    sink.add(key, count - taken, sum - takenSum, min, max);
    takenSum = sum;
    TAKEN.setRelease(this, count);
  }
}
