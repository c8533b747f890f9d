package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.window.HistogramWindow;
import org.junit.jupiter.api.Test;

/**
 * Every built-in counter's folded callbacks ({@code onValues}, {@code onOccurrences},
 * {@code onTimings}, through the dispatcher's {@code values}, {@code occurrences}, {@code timings})
 * give the same value as the same events delivered one by one at the same time.
 */
class FoldedEventsCountersTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /** Batches of events: {time, event...}; two batches may share a time (one bucket). */
  private static final long[][] VALUES = {
      {1 * S, 5, -3, 12, 7},
      {2 * S, -8},
      {7 * S, 4, 4},
      {40 * S, 100, -100, 3},
      {40 * S, 9},
      {41 * S, -2, -5, -1_000_000_000_000L, 6, 7, 8, 9, 10},
  };
  /** Non-negative values, for percentile windows. */
  private static final long[][] SIZES = {
      {1 * S, 5, 3, 12, 7},
      {2 * S, 8},
      {7 * S, 4, 4},
      {40 * S, 100, 1_000, 3},
      {40 * S, 9},
      {41 * S, 0, 2, 150, 6, 7, 80_000, 9, 10},
  };
  /** Block durations in nanoseconds. */
  private static final long[][] DURATIONS = {
      {1 * S, 5 * MS, 1 * MS, 250_000},
      {2 * S, 3 * S},
      {7 * S, 10, 20},
      {40 * S, 7 * MS, 7 * MS, 0},
      {41 * S, 2 * MS},
  };
  /** Times to compare the counters' values at: during, and as the batches leave 300 s windows of 5 s or 30 s buckets. */
  private static final long[] READS = {41 * S, 305 * S, 310 * S, 330 * S, 345 * S - 1, 345 * S, 360 * S - 1, 360 * S};

  private enum Kind { VALUES, OCCURRENCES, TIMINGS }

  @Test
  void totalCounter() {
    assertFoldsLikeOneByOne(() -> new TotalCounter("c"), Kind.VALUES, VALUES);
    assertFoldsLikeOneByOne(() -> new TotalCounter("c"), Kind.TIMINGS, DURATIONS);
  }

  @Test
  void eventCounter() {
    assertFoldsLikeOneByOne(() -> new EventCounter("c"), Kind.OCCURRENCES, VALUES);
    assertFoldsLikeOneByOne(() -> new EventCounter("c"), Kind.VALUES, SIZES);
    assertFoldsLikeOneByOne(() -> new EventCounter("c"), Kind.TIMINGS, DURATIONS);
  }

  @Test
  void averageWindowCounter() {
    assertFoldsLikeOneByOne(() -> new AverageWindowCounter("c"), Kind.VALUES, VALUES);
  }

  @Test
  void windowCounter() {
    assertFoldsLikeOneByOne(() -> new WindowCounter("c"), Kind.OCCURRENCES, VALUES);
    assertFoldsLikeOneByOne(() -> new WindowCounter("c"), Kind.VALUES, VALUES);
    assertFoldsLikeOneByOne(() -> new WindowCounter("c"), Kind.TIMINGS, DURATIONS);
  }

  @Test
  void frequencyCounter() {
    assertFoldsLikeOneByOne(() -> new FrequencyCounter("c"), Kind.OCCURRENCES, VALUES);
    assertFoldsLikeOneByOne(() -> new FrequencyCounter("c"), Kind.VALUES, SIZES);
    assertFoldsLikeOneByOne(() -> new FrequencyCounter("c"), Kind.TIMINGS, DURATIONS);
  }

  @Test
  void minAndMaxWindowCounters() {
    assertFoldsLikeOneByOne(() -> new MinWindowCounter("c"), Kind.VALUES, VALUES);
    assertFoldsLikeOneByOne(() -> new MaxWindowCounter("c"), Kind.VALUES, VALUES);
  }

  @Test
  void averageTimeCounter() {
    assertFoldsLikeOneByOne(() -> new AverageTimeCounter("c"), Kind.TIMINGS, DURATIONS);
    assertFoldsLikeOneByOne(() -> new AverageTimeCounter("c"), Kind.VALUES, DURATIONS);
  }

  @Test
  void valueAccumulator() {
    assertFoldsLikeOneByOne(() -> new ValueAccumulator("acc", List.of("c")), Kind.VALUES, VALUES);
  }

  @Test
  void percentileWindowCounterOfValuesWithTheFoldsHistogram() {
    assertFoldsLikeOneByOne(() -> PercentileWindowCounter.ofValues("c").build(), Kind.VALUES, SIZES, defaultHistogram());
  }

  @Test
  void percentileWindowCounterOfTimingsWithTheFoldsHistogram() {
    assertFoldsLikeOneByOne(() -> PercentileWindowCounter.ofTimings("c").build(), Kind.TIMINGS, DURATIONS, defaultHistogram());
    assertFoldsLikeOneByOne(() -> PercentileWindowCounter.ofTimings("c").build(), Kind.VALUES, DURATIONS, defaultHistogram());
  }

  @Test
  void percentileWindowCounterOfAnotherConfigurationWithTheFoldsHistogram() {
    Supplier<Counter> precise = () -> PercentileWindowCounter.ofValues("c").significantDigits(3).highestTrackableValue(1L << 40)
        .quantiles(0.25, 0.5, 0.75).build();
    assertFoldsLikeOneByOne(precise, Kind.VALUES, SIZES, () -> new Histogram(1, 1L << 40, 3));
  }

  @Test
  void percentileWindowCounterWithoutAHistogramReplaysFoldsOfUpToThreeExactly() {
    long[][] upToThree = {{1 * S, 5, 3, 12}, {2 * S, 8}, {7 * S, 4, 4}, {40 * S, 100, 1_000, 3}, {41 * S, 0, 150}};
    assertFoldsLikeOneByOne(() -> PercentileWindowCounter.ofValues("c").build(), Kind.VALUES, upToThree);
    assertFoldsLikeOneByOne(() -> PercentileWindowCounter.ofTimings("c").build(), Kind.TIMINGS, upToThree);
  }

  @Test
  void percentileWindowCounterWithoutAHistogramKeepsTheCountSumAndMaxOfLargerFolds() {
    PercentileWindowCounter folded = PercentileWindowCounter.ofValues("c").build();
    folded.onValues(0, new FoldedEvents().set(8, 264, 0, 200, null), S); // 0, 2, 4, 6, 8, 10, 34, 200 summarized
    CounterValue.Distribution value = (CounterValue.Distribution) folded.value(S);
    assertThat(value.reportValue()).extracting("count", "max").containsExactly(8L, 200L);
    assertThat(value.sum()).isEqualTo(264);
  }

  private static Supplier<Histogram> defaultHistogram() {
    return () -> new Histogram(1, HistogramWindow.DEFAULT_HIGHEST_TRACKABLE_VALUE, HistogramWindow.DEFAULT_SIGNIFICANT_DIGITS);
  }

  private static void assertFoldsLikeOneByOne(Supplier<Counter> factory, Kind kind, long[][] batches) {
    assertFoldsLikeOneByOne(factory, kind, batches, null);
  }

  /**
   * Feeds {@code batches} one event at a time to one counter and as one fold per batch to another
   * (with a histogram of the batch if {@code histograms} is given), and compares their values.
   */
  private static void assertFoldsLikeOneByOne(Supplier<Counter> factory, Kind kind, long[][] batches, Supplier<Histogram> histograms) {
    EventNames singleNames = new EventNames(8);
    EventDispatcher single = new EventDispatcher(singleNames);
    Counter oneByOne = factory.get();
    single.add(oneByOne);
    EventNames foldedNames = new EventNames(8);
    EventDispatcher folding = new EventDispatcher(foldedNames);
    Counter folded = factory.get();
    folding.add(folded);
    int singleId = singleNames.id("c");
    int foldedId = foldedNames.id("c");
    FoldedEvents fold = new FoldedEvents();

    for (long[] batch : batches) {
      long now = batch[0];
      long count = batch.length - 1;
      long sum = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      Histogram histogram = histograms == null ? null : histograms.get();
      for (int i = 1; i < batch.length; i++) {
        long v = batch[i];
        switch (kind) {
          case VALUES -> single.value(singleId, v, now);
          case OCCURRENCES -> single.occurrence(singleId, now);
          case TIMINGS -> single.timing(singleId, v, now);
        }
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (histogram != null) {
          histogram.recordValue(v);
        }
      }
      switch (kind) {
        case VALUES -> folding.values(foldedId, fold.set(count, sum, min, max, histogram), now);
        case OCCURRENCES -> folding.occurrences(foldedId, count, now);
        case TIMINGS -> folding.timings(foldedId, fold.set(count, sum, min, max, histogram), now);
      }
    }

    assertThat(oneByOne.value(READS[0])).as("%s has something to compare", oneByOne).isNotSameAs(CounterValue.empty());
    for (long read : READS) {
      assertThat(folded.value(read)).as("%s fed %s folded, at %d ns", folded, kind, read).isEqualTo(oneByOne.value(read));
    }
  }
}
