package org.jcounters.internal.ring;

/**
 * Where a ring's producers fold events while the ring is full, per (event id, kind): count, sum,
 * minimum, maximum. {@link SingleWriterOverflow} for a thread's own ring, {@link SharedOverflow}
 * for a shared ring and the spill.
 */
interface OverflowSummary {
  /** Folds one event; false, having changed nothing, if no cell is free for {@code key}. */
  boolean fold(int key, long value);

  /**
   * Whether {@code key} has a cell, a free one taken for it if it had none: then its next folds
   * cannot fail, since a key keeps its cell. As {@link #fold}, from the threads that may fold.
   */
  boolean hasCellFor(int key);

  /** Adds what was folded since the last call to {@code sink}. Drainer only. */
  void drainTo(FoldSink sink);
}
