package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An overflow summary written by many threads at once: for the shared rings (virtual threads and
 * platform threads beyond the ring budget) and as the spill of threads' own summaries. Per (event
 * id, kind) a count, a sum, a minimum and a maximum, updated with atomic instructions; the drainer
 * takes them with atomic exchanges, so nothing a producer adds is lost between two reads. A fold
 * writes its count last, so a read that takes an event's count has its sum, minimum and maximum
 * too; a read racing a fold may take a sum or an extreme before its count, and the next read
 * carries the count.
 *
 * <p><b>One atomic add for a count and a sum.</b> A value from 0 to 2<sup>32</sup> - 1 (most
 * values, and durations up to 4.3 s) is added to a <em>packed</em> word, its count in the top
 * {@value #PACKED_COUNT_BITS} bits and its sum in the 48 below, in one atomic add where the count
 * and the sum would take two. The fold that finds the packed count at 2<sup>14</sup> moves the word
 * into the wide count and sum. Neither part can overflow: 2<sup>14</sup> more adds fit the count
 * (room for as many threads caught between their add and their look at the count), and
 * 2<sup>15</sup> values under 2<sup>32</sup> sum under 2<sup>47</sup>. Other values take the wide
 * count and sum.
 *
 * <p><b>Memory.</b> {@code cells} cells of 64 bytes, fixed at construction. An event whose key finds
 * no free cell among its probes cannot be kept: the caller counts it as dropped.
 */
final class SharedOverflow implements OverflowSummary {
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int PROBES = 16;
  private static final int KEY = 0;
  private static final int COUNT = 1;
  private static final int SUM = 2;
  private static final int MIN = 3;
  private static final int MAX = 4;
  /** A count and a sum in one word (see above). */
  private static final int PACKED = 5;
  private static final int STRIDE = 8; // 64 bytes a cell

  private static final int PACKED_COUNT_BITS = 16;
  private static final int PACKED_SUM_BITS = 64 - PACKED_COUNT_BITS;
  private static final long PACKED_SUM_MASK = (1L << PACKED_SUM_BITS) - 1;
  private static final long PACKED_ONE = 1L << PACKED_SUM_BITS;
  /** The packed count's top two bits: set once it reaches 2^14, when the word is moved. */
  private static final int PACKED_FULL_SHIFT = 62;

  private final long[] cells;
  private final int mask;
  /** Whether anything was folded since the drainer last looked. */
  private volatile boolean dirty;

  SharedOverflow(int cellCount) {
    if (Integer.bitCount(cellCount) != 1) {
      throw new IllegalArgumentException("cells must be a power of two, got " + cellCount);
    }
    this.cells = new long[cellCount * STRIDE];
    this.mask = cellCount - 1;
    for (int cell = 0; cell < cellCount; cell++) {
      cells[cell * STRIDE + MIN] = Long.MAX_VALUE;
      cells[cell * STRIDE + MAX] = Long.MIN_VALUE;
    }
  }

  /** Folds one event; returns false, having changed nothing, if no cell is free for its key. Any thread. */
  @Override
  public boolean fold(int key, long value) {
    final long[] cells = this.cells;
    final int base = cellOf(cells, key);
    if (base < 0) {
      return false;
    }
    // The count last: a drainer that takes it has this event's minimum, maximum and sum too.
    lowerTo(cells, base + MIN, value);
    raiseTo(cells, base + MAX, value);
    if ((value >>> 32) == 0) {
      long before = (long) CELLS.getAndAdd(cells, base + PACKED, PACKED_ONE + value);
      if ((before >>> PACKED_FULL_SHIFT) != 0) {
        unpack(cells, base);
      }
    } else {
      CELLS.getAndAdd(cells, base + SUM, value);
      CELLS.getAndAdd(cells, base + COUNT, 1L);
    }
    if (!dirty) {
      dirty = true;
    }
    return true;
  }

  @Override
  public boolean hasCellFor(int key) {
    return cellOf(cells, key) >= 0;
  }

  /** The index of {@code key}'s cell, taking a free one if it has none (a key keeps its cell), or -1 if none is free among its probes. */
  private int cellOf(long[] cells, int key) {
    final long stored = key + 1L;
    int cell = SingleWriterOverflow.mix(key) & mask;
    for (int probe = 0; probe < PROBES; probe++, cell = (cell + 1) & mask) {
      int base = cell * STRIDE;
      long k = (long) CELLS.getAcquire(cells, base + KEY);
      if (k == 0 && CELLS.compareAndSet(cells, base + KEY, 0L, stored)) {
        k = stored;
      } else if (k == 0) {
        k = (long) CELLS.getAcquire(cells, base + KEY); // another thread took it just now: maybe for this key
      }
      if (k == stored) {
        return base;
      }
    }
    return -1;
  }

  /** Moves a cell's packed count and sum into its wide ones (the count last). Any thread. */
  private static void unpack(long[] cells, int base) {
    long packed = (long) CELLS.getAndSet(cells, base + PACKED, 0L);
    if (packed != 0) {
      CELLS.getAndAdd(cells, base + SUM, packed & PACKED_SUM_MASK);
      CELLS.getAndAdd(cells, base + COUNT, packed >>> PACKED_SUM_BITS);
    }
  }

  /** Takes everything folded so far into {@code sink}. Drainer only. */
  @Override
  public void drainTo(FoldSink sink) {
    if (!dirty) {
      return;
    }
    dirty = false; // before the reads (a volatile store then volatile reads): a fold after them sets it again
    VarHandle.fullFence();
    final long[] cells = this.cells;
    for (int base = 0; base < cells.length; base += STRIDE) {
      long stored = (long) CELLS.getAcquire(cells, base + KEY);
      if (stored == 0 || ((long) CELLS.getOpaque(cells, base + COUNT) == 0 && (long) CELLS.getOpaque(cells, base + PACKED) == 0)) {
        continue;
      }
      long packed = (long) CELLS.getAndSet(cells, base + PACKED, 0L); // a count and its sum together
      long count = (long) CELLS.getAndSet(cells, base + COUNT, 0L) + (packed >>> PACKED_SUM_BITS);
      long sum = (long) CELLS.getAndSet(cells, base + SUM, 0L) + (packed & PACKED_SUM_MASK);
      long min = (long) CELLS.getAndSet(cells, base + MIN, Long.MAX_VALUE);
      long max = (long) CELLS.getAndSet(cells, base + MAX, Long.MIN_VALUE);
      if (count > 0) {
        sink.add((int) (stored - 1), count, sum, min, max);
      } else { // only parts of folds still under way: give them back for the next read
        CELLS.getAndAdd(cells, base + SUM, sum);
        lowerTo(cells, base + MIN, min);
        raiseTo(cells, base + MAX, max);
      }
    }
  }

  private static void lowerTo(long[] cells, int index, long value) {
    long current = (long) CELLS.getOpaque(cells, index);
    while (value < current && !CELLS.weakCompareAndSet(cells, index, current, value)) {
      current = (long) CELLS.getOpaque(cells, index);
    }
  }

  private static void raiseTo(long[] cells, int index, long value) {
    long current = (long) CELLS.getOpaque(cells, index);
    while (value > current && !CELLS.weakCompareAndSet(cells, index, current, value)) {
      current = (long) CELLS.getOpaque(cells, index);
    }
  }
}
