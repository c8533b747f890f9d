package org.jcounters.internal.ring;

import org.agrona.collections.Int2IntHashMap;

/**
 * What one drainer pass gathered from every overflow table, summed per fold key, so that each
 * (event id, kind) reaches the counters once per pass whatever the number of tables it was folded
 * in. Drainer only; allocation-free once it has seen as many keys as a pass brings.
 */
final class FoldAccumulator implements FoldSink {
  /** What a pass hands to the counters, per key. */
  interface Visitor {
    void visit(int key, long count, long sum, long min, long max);
  }

  private final Int2IntHashMap slots = new Int2IntHashMap(-1);
  private int[] keys = new int[16];
  private long[] counts = new long[16];
  private long[] sums = new long[16];
  private long[] mins = new long[16];
  private long[] maxes = new long[16];
  private int size;

  @Override
  public void add(int key, long count, long sum, long min, long max) {
    int slot = slots.get(key);
    if (slot < 0) {
      slot = size++;
      if (slot == keys.length) {
        grow();
      }
      slots.put(key, slot);
      keys[slot] = key;
      counts[slot] = count;
      sums[slot] = sum;
      mins[slot] = min;
      maxes[slot] = max;
      return;
    }
    counts[slot] += count;
    sums[slot] += sum;
    mins[slot] = Math.min(mins[slot], min);
    maxes[slot] = Math.max(maxes[slot], max);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Hands every key's totals to {@code visitor}, then forgets them. */
  void drainTo(Visitor visitor) {
    int n = size;
    size = 0;
    slots.clear();
    for (int slot = 0; slot < n; slot++) {
      visitor.visit(keys[slot], counts[slot], sums[slot], mins[slot], maxes[slot]);
    }
  }

  private void grow() {
    int length = keys.length * 2;
    keys = java.util.Arrays.copyOf(keys, length);
    counts = java.util.Arrays.copyOf(counts, length);
    sums = java.util.Arrays.copyOf(sums, length);
    mins = java.util.Arrays.copyOf(mins, length);
    maxes = java.util.Arrays.copyOf(maxes, length);
  }
}
