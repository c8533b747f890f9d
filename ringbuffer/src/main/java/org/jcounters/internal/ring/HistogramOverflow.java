package org.jcounters.internal.ring;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The histograms producers keep of the events they fold while a percentile counter listens, so
 * that percentile counters lose none of their precision under overflow: one HdrHistogram
 * {@link Recorder} (safe for many writers) per (event id, kind) a percentile counter listens to, in
 * that counter's configuration (the finest, when several listen).
 *
 * <p><b>Threads.</b> {@link #record} from any producer; the rest from the drainer only, which
 * replaces the map (copy on write) when percentile counters come and go.
 *
 * <p><b>Memory.</b> Two histograms per key while its percentile counters are registered.
 */
final class HistogramOverflow {
  private volatile Int2ObjectHashMap<Entry> entries = new Int2ObjectHashMap<>();
  // Drainer-owned: how many percentile counters want each key.
  private final Int2IntHashMap wanted = new Int2IntHashMap(0);

  /** Records a folded value if a percentile counter listens to its key. Any thread. */
  void record(int key, long value) {
    Entry entry = entries.get(key);
    if (entry != null) {
      entry.recorder.recordValue(value < 0 ? 0 : Math.min(value, entry.highest));
    }
  }

  /** Whether a histogram is kept for a key of event {@code id}, whatever its kind. Drainer only. */
  boolean keeps(int id) {
    return wanted.containsKey(EventRecord.foldKey(EventRecord.VALUE, id))
        || wanted.containsKey(EventRecord.foldKey(EventRecord.TIMING, id));
  }

  /** A percentile counter of this configuration listens to {@code key}. Drainer only. */
  void want(int key, int significantDigits, long highest) {
    wanted.put(key, wanted.get(key) + 1);
    Entry current = entries.get(key);
    if (current == null || current.digits < significantDigits || current.highest < highest) {
      Int2ObjectHashMap<Entry> copy = new Int2ObjectHashMap<>(entries);
      int digits = current == null ? significantDigits : Math.max(current.digits, significantDigits);
      long top = current == null ? highest : Math.max(current.highest, highest);
      copy.put(key, new Entry(digits, top));
      entries = copy;
    }
  }

  /** A percentile counter listening to {@code key} is gone. Drainer only. */
  void unwant(int key) {
    int left = wanted.get(key) - 1;
    if (left > 0) {
      wanted.put(key, left);
      return;
    }
    wanted.remove(key);
    Int2ObjectHashMap<Entry> copy = new Int2ObjectHashMap<>(entries);
    copy.remove(key);
    entries = copy;
  }

  /** The values recorded for {@code key} since the last call, or null if none is kept. Drainer only; valid until the next call for that key. */
  Histogram take(int key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    entry.interval = entry.recorder.getIntervalHistogram(entry.interval);
    return entry.interval;
  }

  private static final class Entry {
    final int digits;
    final long highest;
    final Recorder recorder;
    Histogram interval;

    Entry(int digits, long highest) {
      this.digits = digits;
      this.highest = highest;
      this.recorder = new Recorder(1, highest, digits);
    }
  }
}
