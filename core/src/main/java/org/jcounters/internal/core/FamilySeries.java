package org.jcounters.internal.core;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventFamily;
import org.jcounters.core.LabelSet;

/**
 * The series of one counter registered on a family: a counter per label set, each made by the
 * counter's {@link Counter#newSeries()} on the drainer when the label set's first event reaches it,
 * at most {@link Counter#maxSeries()} of them and the overflow series beyond. Drainer-owned, like the
 * counter.
 */
final class FamilySeries {
  private static final CounterAccess ACCESS = CounterAccess.get();

  private static final System.Logger LOG = System.getLogger(FamilySeries.class.getName());

  private final Counter counter;
  private final EventFamily family;
  private final int max;
  private final Map<LabelSet, Counter> bySet = new HashMap<>();
  private boolean overflowLogged;
  /** Series of label sets other than the overflow one: what the bound counts. */
  private int bounded;

  FamilySeries(Counter counter, EventFamily family) {
    this.counter = counter;
    this.family = family;
    this.max = Math.max(1, ACCESS.maxSeries(counter));
  }

  EventFamily family() {
    return family;
  }

  /**
   * The counter that takes {@code set}'s events: its own series, the overflow series beyond the
   * bound, or the counter itself if it makes no series (then every label set is its name's).
   */
  Counter of(LabelSet set) {
    Counter series = bySet.get(set);
    if (series != null) {
      return series;
    }
    if (!set.isOverflow() && bounded >= max) {
      if (!overflowLogged) {
        overflowLogged = true;
        LOG.log(System.Logger.Level.WARNING, "{0} keeps at most {1} label sets of family ''{2}'': the others are counted in its series {3}",
            counter, max, family.name(), family.overflow().key());
      }
      return of(family.overflow());
    }
    series = ACCESS.newSeries(counter);
    if (series == null) {
      return counter;
    }
    bySet.put(set, series);
    if (!set.isOverflow()) {
      bounded++;
    }
    return series;
  }

  /** Whether any label set has a series: the counter then reports a {@link CounterValue.Labelled}. */
  boolean isEmpty() {
    return bySet.isEmpty();
  }

  /**
   * The counter's value: each series' by label set key, and its own (events reported under the plain
   * name) under the empty key if it has any; paired with the since-start figures kept the same way.
   */
  CounterValue value(long nowNanos) {
    Map<String, CounterValue> values = new TreeMap<>();
    Map<String, CounterValue> sinceStart = new TreeMap<>();
    put(values, sinceStart, "", counter, nowNanos, true);
    bySet.forEach((set, series) -> put(values, sinceStart, set.key(), series, nowNanos, false));
    CounterValue.Labelled value = new CounterValue.Labelled(family.labelNames(), values);
    return sinceStart.isEmpty() ? value
        : new CounterValue.WithSinceStart(value, new CounterValue.Labelled(family.labelNames(), sinceStart));
  }

  private static void put(Map<String, CounterValue> values, Map<String, CounterValue> sinceStart, String key, Counter series,
      long nowNanos, boolean onlyIfAny) {
    CounterValue value = series.value(nowNanos);
    CounterValue since = series.sinceStart(nowNanos);
    if (onlyIfAny && value instanceof CounterValue.Empty && (since == null || since instanceof CounterValue.Empty)) {
      return;
    }
    values.put(key, value);
    if (since != null && !(since instanceof CounterValue.Empty)) {
      sinceStart.put(key, since);
    }
  }
}
