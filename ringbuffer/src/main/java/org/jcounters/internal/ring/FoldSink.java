package org.jcounters.internal.ring;

/** Where the drainer gathers what overflow tables hold: per fold key, a count, a sum, a minimum and a maximum. */
interface FoldSink {
  void add(int key, long count, long sum, long min, long max);
}
