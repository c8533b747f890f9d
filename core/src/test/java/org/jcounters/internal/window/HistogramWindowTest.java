package org.jcounters.internal.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramWindowTest {
  private static final long S = 1_000_000_000L;
  private static final long NS = 1;
  private static final long HOUR_NANOS = 3_600_000_000_000L;

  // The defaults: 300 s in 10 buckets of 30 s, 2 digits, up to an hour in nanoseconds.
  private final HistogramWindow window = new HistogramWindow(Duration.ofSeconds(300), 10, 2, HOUR_NANOS);

  @Test
  void shouldCutTheWindowIntoBucketsOfWindowOverBuckets() {
    assertThat(window.buckets()).isEqualTo(10);
    assertThat(window.granularityNanos()).isEqualTo(30 * S);
    assertThat(window.window()).isEqualTo(Duration.ofSeconds(300));
    assertThat(window.significantDigits()).isEqualTo(2);
    assertThat(window.highestTrackableValue()).isEqualTo(HOUR_NANOS);
  }

  @Test
  void shouldKeepAValueUntilTheFirstBucketBoundaryAfterTheWindow() {
    window.record(10 * S, 7); // bucket [0 s, 30 s): 10 s + 300 s = 310 s, next boundary 330 s
    assertThat(window.count(330 * S - NS)).isEqualTo(1);
    assertThat(window.merged(330 * S - NS).getMaxValue()).isEqualTo(7);
    assertThat(window.count(330 * S)).isZero();
    assertThat(window.merged(330 * S).getTotalCount()).isZero();
    assertThat(window.sum(330 * S)).isZero();
  }

  @Test
  void shouldMergeTheBucketsStillInTheWindow() {
    window.record(0, 10);
    window.record(40 * S, 20);
    window.record(40 * S, 30);
    window.record(100 * S, 40);

    Histogram merged = window.merged(100 * S);
    assertThat(merged.getTotalCount()).isEqualTo(4);
    assertThat(merged.getValueAtPercentile(50)).isEqualTo(20);
    assertThat(window.sum(100 * S)).isEqualTo(100);

    // At 330 s the value of [0 s, 30 s) has left; those of [30 s, 60 s) leave at 360 s.
    assertThat(window.merged(330 * S).getValueAtPercentile(50)).isEqualTo(30);
    assertThat(window.sum(330 * S)).isEqualTo(90);
    assertThat(window.count(360 * S)).isEqualTo(1);
    assertThat(window.sum(360 * S)).isEqualTo(40);
  }

  @Test
  void shouldReuseOneMergeTargetThatStartsAfreshOnEveryRead() {
    window.record(0, 5);
    Histogram first = window.merged(0);
    Histogram second = window.merged(0);
    assertThat(second).isSameAs(first);
    assertThat(second.getTotalCount()).isEqualTo(1);
  }

  @Test
  void shouldCountALateValueInTheNewestBucket() {
    window.record(100 * S, 1);
    window.record(50 * S, 2); // stamped before the window's latest time: counted as at 100 s
    assertThat(window.count(420 * S - NS)).isEqualTo(2);
    assertThat(window.count(420 * S)).isZero(); // both leave with the bucket [90 s, 120 s), at 120 s + 300 s
  }

  @Test
  void shouldForgetEverythingAfterAJumpLongerThanTheWindow() {
    window.record(0, 1);
    window.record(299 * S, 2);
    assertThat(window.count(10_000 * S)).isZero();
    window.record(10_000 * S, 3);
    assertThat(window.merged(10_000 * S).getMaxValue()).isEqualTo(3);
  }

  @Test
  void shouldRecordNegativeValuesAsZeroAndTooLargeOnesAsTheHighestTrackable() {
    HistogramWindow small = new HistogramWindow(Duration.ofSeconds(10), 10, 2, 1_000);
    small.record(0, -5);
    small.record(0, 5_000);

    Histogram merged = small.merged(0);
    assertThat(merged.getTotalCount()).isEqualTo(2);
    assertThat(merged.getMinValue()).isZero();
    // 1,000 lies in [1,000, 1,003] at 2 digits (4-wide sub-buckets from 512 on): the histogram's max is that range's top.
    assertThat(merged.getMaxValue()).isEqualTo(1_003);
    assertThat(small.sum(0)).isEqualTo(4_995); // the sum keeps the values as reported
  }

  @Test
  void shouldForgetEveryValueOnClearButKeepItsTime() {
    window.record(100 * S, 1);
    window.clear();
    assertThat(window.count(100 * S)).isZero();
    window.record(0, 2); // still counted at 100 s: time never goes backwards
    assertThat(window.count(420 * S - NS)).isEqualTo(1);
    assertThat(window.count(420 * S)).isZero();
  }

  @Test
  void shouldTellItsFootprint() {
    // 11 ring buckets and the merge target, 37,376 bytes each by HdrHistogram's estimate.
    assertThat(window.footprintBytes()).isEqualTo(13 * 37_376L);
  }

  @Test
  void shouldRejectWhatItCannotTrack() {
    assertThatThrownBy(() -> new HistogramWindow(Duration.ofSeconds(1), 0, 2, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a sliding window needs a positive number of buckets, got 0");
    assertThatThrownBy(() -> new HistogramWindow(Duration.ZERO, 1, 2, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got PT0S");
    assertThatThrownBy(() -> new HistogramWindow(Duration.ofSeconds(1), 1, 4, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("significant digits must be 0 to 3, got 4");
    assertThatThrownBy(() -> new HistogramWindow(Duration.ofSeconds(1), 1, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the highest trackable value must be 2 to 4611686018427387903, got 1");
  }
}
