package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The overflow summary of one thread's own ring: what its owner folds here when the ring is full,
 * per (event id, kind), as a count, a sum, a minimum and a maximum. Written by the owner alone with
 * plain stores and release stores (plain on x86), so that folding costs about what publishing does;
 * read by the drainer, which never writes the cells. A fold writes its count last, with release, and
 * the drainer reads the count first, with acquire: a count it takes comes with the sum and extremes
 * of every fold it counts.
 *
 * <p><b>How the drainer reads without resetting.</b> Count and sum only grow: the drainer keeps
 * what it already took (its taken count a cell, published to the owner) and folds the difference.
 * Minimum and maximum restart in <em>epochs</em>: once the drainer has taken a fold of the current
 * epoch, and so has read every fold of the previous one, the owner's next fold moves the current
 * extremes to the previous epoch's place and starts a new epoch with its value. The drainer reports
 * both epochs' extremes: a fold that landed just after the drainer read the extremes is still in the
 * previous epoch's at its next read. So no extreme is lost; one is reported at most one drainer pass
 * late (or early: a fold landing between the drainer's reads of a count and of the extremes), and
 * then possibly twice, which a minimum or maximum does not mind. (The first version
 * restarted them when the owner saw the drainer's round move on, which lost the extreme of a fold
 * landing between the drainer's read and its round's increment.)
 *
 * <p><b>Run cells.</b> Besides the table, two keys at a time are folded into fields, a
 * {@link RunCell} each: the owner's fast path while its ring is full, for the keys of a hot loop.
 *
 * <p><b>Memory.</b> {@value #CELLS} cells of 64 bytes (4 KiB) plus the drainer's 2 × 8 bytes a cell.
 * An event that finds every cell taken by other keys goes to the shared spill table instead.
 */
final class SingleWriterOverflow implements OverflowSummary {
  static final int CELLS = 64;
  private static final int PROBES = 8;
  private static final int KEY = 0;
  private static final int COUNT = 1;
  private static final int SUM = 2;
  private static final int MIN = 3;
  private static final int MAX = 4;
  /** The cell's count when its current epoch started (see above). */
  private static final int EPOCH_START = 5;
  private static final int MIN_BEFORE = 6;
  private static final int MAX_BEFORE = 7;
  private static final int STRIDE = 8; // 64 bytes a cell

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle FOLDS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FOLDS = lookup.findVarHandle(SingleWriterOverflow.class, "folds", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long[] cells = new long[CELLS * STRIDE];
  /** Table folds so far: written by the owner with release after each fold into the table, read by the drainer with acquire. */
  @SuppressWarnings("unused") // through FOLDS
  private long folds;

  // Owner-only: the cell of the key folded last.
  private int lastKey = -1;
  private int lastBase;
  /** The owning ring's folds before it looks at itself again (see {@link ThreadRing#publish}): kept here, off the ring's lines, which the drainer reads record by record. */
  private int foldsBeforeLook;

  /** The run cells, which the owning ring folds into directly. */
  final RunCell firstRun = new RunCell();
  final RunCell secondRun = new RunCell();

  // Drainer-owned.
  /** A cell's count the drainer has taken: written by the drainer with release, read by the owner. */
  private final long[] takenCount = new long[CELLS];
  private final long[] takenSum = new long[CELLS];
  private long foldsSeen;

  /** Folds one event; returns false, having changed nothing, if no cell is free for its key. Owner only. */
  @Override
  public boolean fold(int key, long value) {
    final int base = key == lastKey ? lastBase : cellOf(key);
    if (base < 0) {
      return false;
    }
    final long[] cells = this.cells;
    final long count = cells[base + COUNT];
    if ((long) LONGS.getAcquire(takenCount, base / STRIDE) > cells[base + EPOCH_START]) {
      startEpoch(cells, base, count, value);
    } else {
      if (value < cells[base + MIN]) {
        cells[base + MIN] = value;
      }
      if (value > cells[base + MAX]) {
        cells[base + MAX] = value;
      }
    }
    cells[base + SUM] += value; // wraps; the drainer folds differences, exact modulo 2^64
    LONGS.setRelease(cells, base + COUNT, count + 1); // last: a drainer that reads it sees all this fold wrote
    FOLDS.setRelease(this, (long) FOLDS.getOpaque(this) + 1);
    return true;
  }

  /** The current extremes become the previous epoch's, then a new epoch starts with {@code value}: in that order, which the drainer's reads mirror. */
  private static void startEpoch(long[] cells, int base, long count, long value) {
    cells[base + MIN_BEFORE] = cells[base + MIN];
    cells[base + MAX_BEFORE] = cells[base + MAX];
    LONGS.setRelease(cells, base + MIN, value);
    LONGS.setRelease(cells, base + MAX, value);
    cells[base + EPOCH_START] = count;
  }

  @Override
  public boolean hasCellFor(int key) {
    return key == lastKey || cellOf(key) >= 0;
  }

  /**
   * The index of {@code key}'s cell, taking a free one if the key has none (cells are never given
   * back: a key keeps its cell), or -1 if none is free within {@value #PROBES} probes. Remembered
   * as the last key's, so that a run of one key's events skips the probing.
   */
  private int cellOf(int key) {
    final long[] cells = this.cells;
    final long stored = key + 1L;
    int cell = mix(key) & (CELLS - 1);
    for (int probe = 0; probe < PROBES; probe++, cell = (cell + 1) & (CELLS - 1)) {
      int base = cell * STRIDE;
      long k = cells[base + KEY];
      if (k == 0) {
        cells[base + MIN] = cells[base + MIN_BEFORE] = Long.MAX_VALUE;
        cells[base + MAX] = cells[base + MAX_BEFORE] = Long.MIN_VALUE;
        cells[base + KEY] = stored;
      }
      if (k == 0 || k == stored) {
        lastKey = key;
        lastBase = base;
        return base;
      }
    }
    return -1;
  }

  /** For tests: the folds into the table so far (the run cells' are not counted). */
  long tableFolds() {
    return (long) FOLDS.getAcquire(this);
  }

  /** Starts the owning ring's countdown of {@code folds} folds. Owner only. */
  void countDownFrom(int folds) {
    foldsBeforeLook = folds;
  }

  /** Counts one fold down: true once the countdown is over. Owner only. */
  boolean countedDown() {
    return --foldsBeforeLook == 0;
  }

  /** Adds what was folded since the last call to {@code sink}. Drainer only. */
  @Override
  public void drainTo(FoldSink sink) {
    firstRun.drainTo(sink);
    secondRun.drainTo(sink);
    drainTableTo(sink);
  }

  private void drainTableTo(FoldSink sink) {
    long folds = (long) FOLDS.getAcquire(this);
    if (folds == foldsSeen) {
      return;
    }
    foldsSeen = folds;
    final long[] cells = this.cells;
    for (int cell = 0; cell < CELLS; cell++) {
      int base = cell * STRIDE;
      long stored = cells[base + KEY];
      if (stored == 0) {
        continue;
      }
      long count = (long) LONGS.getAcquire(cells, base + COUNT);
      long newCount = count - takenCount[cell];
      if (newCount > 0) {
        long sum = cells[base + SUM];
        // This epoch's extremes first (acquire): the previous epoch's, written before them, are then the latest.
        long min = Math.min((long) LONGS.getAcquire(cells, base + MIN), cells[base + MIN_BEFORE]);
        long max = Math.max((long) LONGS.getAcquire(cells, base + MAX), cells[base + MAX_BEFORE]);
        sink.add((int) (stored - 1), newCount, sum - takenSum[cell], min, max);
        takenSum[cell] = sum;
        LONGS.setRelease(takenCount, cell, count);
      }
    }
  }

  static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
