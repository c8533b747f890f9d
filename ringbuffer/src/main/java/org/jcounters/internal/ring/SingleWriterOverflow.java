package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The overflow summary of one thread's own ring: what its owner folds here when the ring is full,
 * per (event id, kind), as a count, a sum, a minimum and a maximum. Written by the owner alone with
 * plain stores and one release store per fold, so that folding costs about what publishing does;
 * read by the drainer, which never writes the cells.
 *
 * <p><b>How the drainer reads without resetting.</b> Count and sum only grow: the drainer keeps
 * what it already took and folds the difference. Minimum and maximum restart when the owner sees
 * that the drainer has taken them (the drainer's {@code round} moved on), so a value may be folded
 * into the minimum or maximum of one more round than it belongs to: its place in a window is late
 * by at most one drainer pass, never lost.
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
  private static final int ROUND = 5;
  private static final int STRIDE = 8; // 64 bytes a cell

  private static final VarHandle FOLDS;
  private static final VarHandle ROUNDS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FOLDS = lookup.findVarHandle(SingleWriterOverflow.class, "folds", long.class);
      ROUNDS = lookup.findVarHandle(SingleWriterOverflow.class, "round", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long[] cells = new long[CELLS * STRIDE];
  /** Folds so far: written by the owner with release after each fold, read by the drainer with acquire. */
  @SuppressWarnings("unused") // through FOLDS
  private long folds;
  /** The drainer's round: written by the drainer with release after each read, read by the owner opaquely. */
  @SuppressWarnings("unused") // through ROUNDS
  private long round = 1;

  // Owner-only: the cell of the key folded last.
  private int lastKey = -1;
  private int lastBase;

  // Drainer-owned.
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
    final long round = (long) ROUNDS.getOpaque(this);
    if (cells[base + ROUND] != round) {
      cells[base + ROUND] = round;
      cells[base + MIN] = value;
      cells[base + MAX] = value;
    } else {
      if (value < cells[base + MIN]) {
        cells[base + MIN] = value;
      }
      if (value > cells[base + MAX]) {
        cells[base + MAX] = value;
      }
    }
    cells[base + SUM] += value; // wraps; the drainer folds differences, exact modulo 2^64
    cells[base + COUNT]++;
    FOLDS.setRelease(this, (long) FOLDS.getOpaque(this) + 1);
    return true;
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

  /** Adds what was folded since the last call to {@code sink}. Drainer only. */
  @Override
  public void drainTo(FoldSink sink) {
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
      long count = cells[base + COUNT];
      long newCount = count - takenCount[cell];
      if (newCount > 0) {
        long sum = cells[base + SUM];
        sink.add((int) (stored - 1), newCount, sum - takenSum[cell], cells[base + MIN], cells[base + MAX]);
        takenCount[cell] = count;
        takenSum[cell] = sum;
      }
    }
    ROUNDS.setRelease(this, (long) ROUNDS.getOpaque(this) + 1);
  }

  static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
