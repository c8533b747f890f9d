package org.jcounters.internal.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.jcounters.internal.core.Saturating;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  private static final long S = 1_000_000_000L;
  private static final long NS = 1;

  private final SlidingWindow window = new SlidingWindow(Duration.ofSeconds(300)); // 60 buckets of 5 s

  @Test
  void shouldCutTheDefaultWindowInto60BucketsOf5Seconds() {
    assertThat(window.buckets()).isEqualTo(60);
    assertThat(window.granularityNanos()).isEqualTo(5 * S);
    assertThat(window.window()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void shouldRoundTheGranularityUpSoTheWindowIsAlwaysCovered() {
    SlidingWindow uneven = new SlidingWindow(Duration.ofSeconds(301));
    assertThat(uneven.granularityNanos()).isEqualTo(5_016_666_667L);
    assertThat(uneven.buckets() * uneven.granularityNanos()).isGreaterThanOrEqualTo(301 * S);
  }

  @Test
  void shouldUseFewerBucketsWhenTheWindowIsShorterThanThatManyNanoseconds() {
    SlidingWindow tiny = new SlidingWindow(Duration.ofNanos(7));
    assertThat(tiny.buckets()).isEqualTo(7);
    assertThat(tiny.granularityNanos()).isEqualTo(1);
  }

  @Test
  void shouldKeepAValueUntilTheFirstBucketBoundaryAfterTheWindow() {
    window.record(2 * S, 1); // bucket [0 s, 5 s): 2 s + 300 s = 302 s, next boundary 305 s
    assertThat(window.count(305 * S - NS)).isEqualTo(1);
    assertThat(window.count(305 * S)).isZero();
  }

  @Test
  void shouldNeverDropAValueBeforeTheWholeWindowHasPassed() {
    window.record(5 * S - NS, 1); // the last nanosecond of bucket 0: leaves exactly one window later
    assertThat(window.count(305 * S - NS)).isEqualTo(1);
    assertThat(window.count(305 * S)).isZero();
  }

  @Test
  void shouldKeepAValueOnABucketBoundaryOneGranularityLongerThanTheWindow() {
    window.record(5 * S, 1); // first nanosecond of bucket 1: 305 s is a boundary, so it leaves at 310 s
    assertThat(window.count(310 * S - NS)).isEqualTo(1);
    assertThat(window.count(310 * S)).isZero();
  }

  @Test
  void shouldWorkWithAClockThatStartsNegative() {
    window.record(-7 * S, 1); // bucket [-10 s, -5 s): leaves at -5 s + 300 s = 295 s
    assertThat(window.count(-7 * S)).isEqualTo(1);
    assertThat(window.count(295 * S - NS)).isEqualTo(1);
    assertThat(window.count(295 * S)).isZero();
  }

  @Test
  void shouldSummarizeCountSumMinMaxAndMeanOverTheBucketsStillInTheWindow() {
    window.record(0, 10);
    window.record(1 * S, -3);
    window.record(7 * S, 20); // bucket 1
    window.record(12 * S, 5); // bucket 2

    assertThat(window.count(12 * S)).isEqualTo(4);
    assertThat(window.sum(12 * S)).isEqualTo(32);
    assertThat(window.min(12 * S)).isEqualTo(-3);
    assertThat(window.max(12 * S)).isEqualTo(20);
    assertThat(window.mean(12 * S)).isEqualTo(8.0);

    // At 305 s bucket 0 (10 and -3) has left, buckets 1 and 2 remain.
    assertThat(window.count(305 * S)).isEqualTo(2);
    assertThat(window.sum(305 * S)).isEqualTo(25);
    assertThat(window.min(305 * S)).isEqualTo(5);
    assertThat(window.max(305 * S)).isEqualTo(20);
    assertThat(window.mean(305 * S)).isEqualTo(12.5);

    assertThat(window.count(310 * S)).isEqualTo(1);
    assertThat(window.max(310 * S)).isEqualTo(5);
  }

  @Test
  void shouldReportNeutralFiguresWhenEmpty() {
    window.record(0, 10);
    long later = 305 * S;
    assertThat(window.count(later)).isZero();
    assertThat(window.sum(later)).isZero();
    assertThat(window.min(later)).isEqualTo(Long.MAX_VALUE);
    assertThat(window.max(later)).isEqualTo(Long.MIN_VALUE);
    assertThat(window.mean(later)).isNaN();
    assertThat(window.oldestNanos(later)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldReportNeutralFiguresBeforeAnything() {
    assertThat(window.count(0)).isZero();
    assertThat(new SlidingWindow(Duration.ofSeconds(1)).latestNanos()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void shouldKnowTheExactTimeOfTheOldestEventStillInTheWindow() {
    window.record(3 * S, 1);
    window.record(4 * S, 1);
    window.record(6 * S, 1);
    assertThat(window.oldestNanos(6 * S)).isEqualTo(3 * S);
    assertThat(window.oldestNanos(305 * S)).isEqualTo(6 * S);
  }

  @Test
  void shouldKeepTheEdgeBucketWhenTheGapIsOneLessThanTheRing() {
    window.record(0, 1); // bucket 0
    window.record(150 * S, 1); // bucket 30
    window.record(300 * S, 1); // bucket 60: a gap of 60 buckets, bucket 0 is still in
    assertThat(window.count(300 * S)).isEqualTo(3);
    assertThat(window.count(305 * S)).isEqualTo(2);
  }

  @Test
  void shouldForgetEverythingAfterAGapLongerThanTheWindow() {
    window.record(0, 1);
    window.record(150 * S, 1);
    window.record(1_000_000 * S, 7);
    assertThat(window.count(1_000_000 * S)).isEqualTo(1);
    assertThat(window.sum(1_000_000 * S)).isEqualTo(7);
    assertThat(occupiedSlots(window)).isEqualTo(1);
  }

  @Test
  void shouldSurviveAJumpAcrossTheWholeClockRange() {
    SlidingWindow fine = new SlidingWindow(Duration.ofNanos(60)); // 1 ns buckets: the bucket gap overflows a long
    fine.record(Long.MIN_VALUE + 1, 1);
    fine.record(Long.MAX_VALUE, 2);
    assertThat(fine.count(Long.MAX_VALUE)).isEqualTo(1);
    assertThat(fine.sum(Long.MAX_VALUE)).isEqualTo(2);
  }

  @Test
  void shouldCountEventsStampedInThePastAsHappeningAtTheLatestTimeSeen() {
    window.record(100 * S, 1); // bucket 20: leaves at 405 s
    window.record(50 * S, 2); // time went back: counted at 100 s, not in a bucket already old
    assertThat(window.count(10 * S)).isEqualTo(2); // a read from the past does not rewind the window
    assertThat(window.latestNanos()).isEqualTo(100 * S);
    assertThat(window.oldestNanos(100 * S)).isEqualTo(100 * S);
    assertThat(window.count(405 * S - NS)).isEqualTo(2);
    assertThat(window.count(405 * S)).isZero();
  }

  @Test
  void shouldSaturateSumsInsteadOfWrapping() {
    window.record(0, Long.MAX_VALUE);
    window.record(0, 1);
    window.record(6 * S, Long.MAX_VALUE);
    assertThat(window.sum(6 * S)).isEqualTo(Long.MAX_VALUE);
    assertThat(window.mean(6 * S)).isEqualTo((2.0 * Long.MAX_VALUE) / 3);
  }

  @Test
  void shouldForgetEverythingOnClearButKeepItsTime() {
    window.record(100 * S, 1);
    window.clear();
    assertThat(window.count(100 * S)).isZero();
    assertThat(window.latestNanos()).isEqualTo(100 * S);
  }

  @Test
  void shouldKeepFixedMemoryWhateverTheNumberOfEvents() {
    IntStream.range(0, 10_000).forEach(i -> window.record(i * (S / 10), i));
    assertThat(window.rawSlots()).hasSize((60 + 1) * 5);
    // At 999.9 s the window holds buckets from [695 s, 700 s) on: 300 s of 10 events/s plus one granularity.
    assertThat(window.count(9_999 * (S / 10))).isEqualTo(3_050);
    // On the boundary at 1000 s it holds exactly 300 s: from 700 s on.
    assertThat(window.count(10_000 * (S / 10))).isEqualTo(3_000);
  }

  @Test
  void shouldRejectAMissingWindow() {
    assertThatThrownBy(() -> new SlidingWindow(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be null");
  }

  @Test
  void shouldRejectANonPositiveWindow() {
    assertThatThrownBy(() -> new SlidingWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got PT0S");
    assertThatThrownBy(() -> new SlidingWindow(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got PT-1S");
  }

  @Test
  void shouldRejectAWindowTooLongToMeasureInNanoseconds() {
    assertThatThrownBy(() -> new SlidingWindow(Duration.ofDays(365L * 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("window must be at most ");
  }

  @Test
  void shouldRejectANonPositiveNumberOfBuckets() {
    assertThatThrownBy(() -> new SlidingWindow(Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a sliding window needs a positive number of buckets, got 0");
  }

  private static int occupiedSlots(SlidingWindow window) {
    long[] raw = window.rawSlots();
    int occupied = 0;
    for (int base = 0; base < raw.length; base += 5) {
      if (raw[base] != 0) {
        occupied++;
      }
    }
    return occupied;
  }
  @Test
  void shouldRecordAFoldOfValuesAsTheSameStateAsRecordingEach() {
    SlidingWindow each = new SlidingWindow(Duration.ofSeconds(60), 6); // 10 s buckets
    SlidingWindow folded = new SlidingWindow(Duration.ofSeconds(60), 6);
    long[][] folds = {
        {3 * S, 7}, // one value
        {4 * S, -2, 9}, // a bucket that already holds a value: its first time stays
        {15 * S, -5, -1, -9}, // all negative, a fresh bucket
        {15 * S, 1_000_000, -1_000_000, 0, 4, 4},
        {42 * S, Long.MAX_VALUE, 1}, // the sum saturates the same way
        {95 * S, 6, 6, 6}, // after a jump that pushed the first buckets out
    };
    for (long[] fold : folds) {
      long now = fold[0];
      long sum = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 1; i < fold.length; i++) {
        each.record(now, fold[i]);
        sum = Saturating.add(sum, fold[i]);
        min = Math.min(min, fold[i]);
        max = Math.max(max, fold[i]);
      }
      folded.record(now, fold.length - 1, sum, min, max);
      assertThat(folded.rawSlots()).as("after the fold at %d s", now / S).containsExactly(each.rawSlots());
      assertThat(folded.latestNanos()).isEqualTo(each.latestNanos());
    }
    for (long now : new long[] {95 * S, 100 * S, 130 * S, 160 * S, 170 * S}) {
      assertThat(folded.count(now)).isEqualTo(each.count(now));
      assertThat(folded.sum(now)).isEqualTo(each.sum(now));
      assertThat(folded.min(now)).isEqualTo(each.min(now));
      assertThat(folded.max(now)).isEqualTo(each.max(now));
      assertThat(folded.oldestNanos(now)).isEqualTo(each.oldestNanos(now));
      assertThat(folded.rawSlots()).containsExactly(each.rawSlots());
    }
  }

  @Test
  void shouldCountAFoldAsThatManyEventsWithItsExtremes() {
    window.record(2 * S, 10);
    window.record(3 * S, 3, -6, -8, 4); // -8, 4 and -2
    assertThat(window.count(3 * S)).isEqualTo(4);
    assertThat(window.sum(3 * S)).isEqualTo(4);
    assertThat(window.min(3 * S)).isEqualTo(-8);
    assertThat(window.max(3 * S)).isEqualTo(10);
    assertThat(window.mean(3 * S)).isEqualTo(1.0);
    assertThat(window.oldestNanos(3 * S)).isEqualTo(2 * S);
    assertThat(window.count(305 * S)).isZero();
  }
}
