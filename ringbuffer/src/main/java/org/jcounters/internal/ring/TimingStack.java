package org.jcounters.internal.ring;

/**
 * One thread's open blocks: the event id and start time of each, so that an end pairs with the
 * latest unmatched start of the same id on the same thread (nesting and recursion pair innermost
 * first, interleaved blocks pair by id). Owned by its thread and never read by another; it lives
 * in the thread's ring, or in a thread-local that dies with the thread.
 *
 * <p><b>Memory.</b> Starts at 4 entries and grows to at most {@value #MAX_DEPTH}; past that the
 * oldest open start is forgotten (its end then counts as an occurrence without a duration).
 */
final class TimingStack {
  static final long NO_START = Long.MIN_VALUE;
  static final int MAX_DEPTH = 256;

  private int[] ids = new int[4];
  private long[] starts = new long[4];
  private int depth;

  void push(int id, long startNanos) {
    if (depth == ids.length) {
      if (depth == MAX_DEPTH) {
        System.arraycopy(ids, 1, ids, 0, depth - 1);
        System.arraycopy(starts, 1, starts, 0, depth - 1);
        depth--;
      } else {
        ids = java.util.Arrays.copyOf(ids, depth * 2);
        starts = java.util.Arrays.copyOf(starts, depth * 2);
      }
    }
    ids[depth] = id;
    starts[depth] = startNanos;
    depth++;
  }

  /** Removes and returns the latest open start of {@code id}, or {@link #NO_START}. */
  long pop(int id) {
    final int[] ids = this.ids;
    for (int i = depth - 1; i >= 0; i--) {
      if (ids[i] == id) {
        long start = starts[i];
        int above = depth - 1 - i;
        if (above > 0) { // an interleaved block: close the gap
          System.arraycopy(ids, i + 1, ids, i, above);
          System.arraycopy(starts, i + 1, starts, i, above);
        }
        depth--;
        return start;
      }
    }
    return NO_START;
  }

  int depth() {
    return depth;
  }

  void clear() {
    depth = 0;
  }
}
