package org.jcounters.internal.ring;

/**
 * Where a ring's producers fold events while the ring is full, per (event id, kind): count, sum,
 * minimum, maximum. {@link SingleWriterOverflow} for a thread's own ring, {@link SharedOverflow}
 * for a shared ring and the spill.
 */
interface OverflowSummary {
  /** Folds one event; false, having changed nothing, if no cell is free for {@code key}. */
  boolean fold(int key, long value);

  /** Adds what was folded since the last call to {@code sink}. Drainer only. */
  void drainTo(FoldSink sink);
}
