package org.jcounters.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.Distribution.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionTest {
  private static final long HOUR_NANOS = 3_600_000_000_000L;
  private static final List<Double> DEFAULT = Distribution.DEFAULT_QUANTILES;

  static Histogram histogram(long... values) {
    Histogram histogram = new Histogram(1, HOUR_NANOS, 2);
    for (long value : values) {
      histogram.recordValue(value);
    }
    return histogram;
  }

  static Distribution raw(long... values) {
    return Distribution.of(histogram(values), LongStream.of(values).sum(), Unit.RAW, DEFAULT);
  }

  @Test
  void shouldReportCountNearestRankPercentilesAndMaxOfRawValues() {
    // 1..100: below 2 x 10^2 every value is exact at 2 digits. p99.9 is the ceil(99.9)-th = 100th value.
    Distribution d = raw(LongStream.rangeClosed(1, 100).toArray());

    assertThat(d.reportValue()).containsExactly(
        Map.entry("count", 100L), Map.entry("p50", 50L), Map.entry("p90", 90L), Map.entry("p99", 99L),
        Map.entry("p999", 100L), Map.entry("max", 100L));
    assertThat(d.count()).isEqualTo(100);
    assertThat(d.sum()).isEqualTo(5050);
    assertThat(d.quantileValues()).containsExactly(50L, 90L, 99L, 100L);
  }

  @Test
  void shouldTakeTheSmallestValueThatAtLeastTheQuantileOfValuesAreAtOrBelow() {
    // 4 values: p50 is the 2nd (2 of 4 at or below), p75 the 3rd, p76 the 4th (ceil(3.04)).
    Distribution d = Distribution.of(histogram(40, 10, 30, 20), 100, Unit.RAW, List.of(0.25, 0.5, 0.75, 0.76));
    assertThat(d.reportValue()).containsExactly(
        Map.entry("count", 4L), Map.entry("p25", 10L), Map.entry("p50", 20L), Map.entry("p75", 30L), Map.entry("p76", 40L),
        Map.entry("max", 40L));
  }

  @Test
  void shouldNotTakeOneRankTooManyWhereTheQuantileIsInexactInDoubles() {
    // 0.07 * 100 is 7.000000000000001 in doubles: the 7th of 100 values, not the 8th.
    Distribution d = Distribution.of(histogram(LongStream.rangeClosed(1, 100).toArray()), 5050, Unit.RAW, List.of(0.07));
    assertThat(d.reportValue()).containsEntry("p7", 7L);
  }

  @Test
  void shouldReportNanosecondsInSecondsAtTheTopOfEachValuesPrecisionRange() {
    // At 2 digits the 256 sub-buckets of [2^20, 2^21) ns are 8,192 ns wide: 1,500,000 ns falls in
    // [1,499,136, 1,507,327], reported as its top. 200 ns is exact (below 2 x 10^2... and below 256).
    Distribution d = Distribution.of(histogram(200, 1_500_000), 1_500_200, Unit.NANOSECONDS, List.of(0.5));

    assertThat(d.reportValue()).containsExactly(Map.entry("count", 2L), Map.entry("p50", 200e-9), Map.entry("max", 0.001507327));
    assertThat(d.max()).isEqualTo(1_507_327);
    assertThat(d.sum()).isEqualTo(1_500_200);
  }

  @Test
  void shouldMergeIntoTheDistributionOfOneHistogramOfBothInputs() {
    long[] left = {3, 17, 250, 1_000, 12_345, 999_999, 1_500_000, 42_000_000_000L};
    long[] right = {1, 17, 260, 7_777, 1_500_001, 2_000_000, 3_000_000_000_000L};
    Distribution merged = (Distribution) raw(left).merge(raw(right));

    long[] both = LongStream.concat(LongStream.of(left), LongStream.of(right)).toArray();
    assertThat(merged).isEqualTo(raw(both));
    assertThat(merged.reportValue()).isEqualTo(raw(both).reportValue());
    assertThat(merged.count()).isEqualTo(15);
    assertThat(merged.sum()).isEqualTo(LongStream.of(both).sum());
  }

  @Test
  void shouldMergeTheSameWayWhicheverSideComesFirst() {
    Distribution a = raw(1, 2, 3);
    Distribution b = raw(400, 5_000);
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
  }

  @Test
  void shouldSaturateTheSumInsteadOfWrapping() {
    Distribution big = Distribution.of(histogram(5), Long.MAX_VALUE - 1, Unit.RAW, DEFAULT);
    assertThat(((Distribution) big.merge(big)).sum()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRefuseToMergeDistributionsConfiguredDifferently() {
    Distribution base = raw(5);
    Histogram threeDigits = new Histogram(1, HOUR_NANOS, 3);
    threeDigits.recordValue(5);
    Histogram lowerRange = new Histogram(1, 1_000_000, 2);
    lowerRange.recordValue(5);

    for (Distribution other : List.of(
        Distribution.of(histogram(5), 5, Unit.NANOSECONDS, DEFAULT),
        Distribution.of(histogram(5), 5, Unit.RAW, List.of(0.5)),
        Distribution.of(threeDigits, 5, Unit.RAW, DEFAULT),
        Distribution.of(lowerRange, 5, Unit.RAW, DEFAULT))) {
      assertThatThrownBy(() -> base.merge(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cannot merge Distribution[RAW, quantiles [0.5, 0.9, 0.99, 0.999], 2 digits, highest 3600000000000] with ")
          .hasMessageEndingWith(": the same counter is configured differently in the merged reports");
    }
  }

  @Test
  void shouldDecodeWhatItEncodesToAnEqualDistribution() {
    Distribution d = raw(1, 17, 250, 1_000, 42_000_000_000L);
    Distribution back = Distribution.decode(d.encodedHistogram(), d.sum(), Unit.RAW, DEFAULT);
    assertThat(back).isEqualTo(d).hasSameHashCodeAs(d);
    assertThat(back.reportValue()).isEqualTo(d.reportValue());
  }

  @Test
  void shouldKeepItsHistogramCompact() {
    // Zero runs are collapsed: a handful of values over the whole range takes a few dozen bytes, not 37 KiB.
    assertThat(raw(1, 17, 250, 1_000, 42_000_000_000L).encodedHistogram()).hasSizeLessThan(100);
  }

  @Test
  void shouldNotBeChangedThroughWhatItHandsOut() {
    Distribution d = raw(10, 20);
    byte[] bytes = d.encodedHistogram();
    Arrays.fill(bytes, (byte) 0);
    Histogram copy = d.toHistogram();
    copy.recordValue(1_000);
    assertThat(d).isEqualTo(raw(10, 20));
    assertThat(d.toHistogram().getTotalCount()).isEqualTo(2);
  }

  @Test
  void shouldCopyTheHistogramItIsBuiltFrom() {
    Histogram reused = histogram(10);
    Distribution d = Distribution.of(reused, 10, Unit.RAW, DEFAULT);
    reused.recordValue(99);
    assertThat(d.count()).isEqualTo(1);
    assertThat(d).isEqualTo(raw(10));
  }

  @Test
  void shouldRejectAnEmptyHistogram() {
    assertThatThrownBy(() -> Distribution.of(histogram(), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a distribution needs at least one value, got a histogram of 0");
  }

  @Test
  void shouldRejectHistogramsItCannotMergeOrDecodeSafely() {
    assertThatThrownBy(() -> Distribution.of(new Histogram(1000, HOUR_NANOS, 2), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a distribution's histogram counts from 1 (lowest discernible value 1), got 1000");
    assertThatThrownBy(() -> Distribution.of(new Histogram(1, 1_000, 4), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("significant digits must be 0 to 3, got 4");
    assertThatThrownBy(() -> Distribution.of(new Histogram(1, Long.MAX_VALUE, 0), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the highest trackable value must be 2 to 4611686018427387903, got 9223372036854775807");
  }

  @Test
  void shouldRejectBytesThatAreNotAnEncodedHistogram() {
    byte[] good = raw(1, 2, 3).encodedHistogram();

    assertThatThrownBy(() -> Distribution.decode(new byte[12], 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed histogram encoding: 12 bytes, shorter than its header");
    assertThatThrownBy(() -> Distribution.decode(with(good, b -> b.putInt(0, 0x1c849314)), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed histogram encoding: not an HdrHistogram V2 uncompressed encoding (cookie 0x1c849314)");
    assertThatThrownBy(() -> Distribution.decode(Arrays.copyOf(good, good.length + 1), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed histogram encoding: its header announces " + (good.length - 40) + " bytes of counts, " + (good.length - 39) + " follow");
    assertThatThrownBy(() -> Distribution.decode(with(good, b -> b.putInt(8, 3)), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed histogram encoding: shifted histograms (normalizing offset 3) are not accepted");
  }

  @Test
  void shouldCheckTheDeclaredSizeBeforeAllocatingAnything() {
    byte[] good = raw(1, 2, 3).encodedHistogram();
    // 5 digits up to Long.MAX_VALUE would make HdrHistogram allocate 48 MB for a 43-byte message.
    assertThatThrownBy(() -> Distribution.decode(with(good, b -> b.putInt(12, 5)), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("significant digits must be 0 to 3, got 5");
    assertThatThrownBy(() -> Distribution.decode(with(good, b -> b.putLong(24, Long.MAX_VALUE)), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the highest trackable value must be 2 to ");
    assertThatThrownBy(() -> Distribution.decode(with(good, b -> b.putLong(16, 0)), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a distribution's histogram counts from 1 (lowest discernible value 1), got 0");
  }

  @Test
  void shouldRejectCountsThatDoNotFitTheDeclaredHistogram() {
    // A valid header, then one zero run (ZigZag LEB128 of -2^40) far past the end of the counts array.
    byte[] header = Arrays.copyOf(raw(1).encodedHistogram(), 40);
    byte[] run = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x3f};
    byte[] bytes = Arrays.copyOf(header, 40 + run.length);
    System.arraycopy(run, 0, bytes, 40, run.length);
    ByteBuffer.wrap(bytes).putInt(4, run.length);

    assertThatThrownBy(() -> Distribution.decode(bytes, 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed histogram encoding");
  }

  @Test
  void shouldRejectAnEncodedHistogramWithoutValues() {
    byte[] empty = new byte[histogram().getNeededByteBufferCapacity()];
    int length = histogram().encodeIntoByteBuffer(ByteBuffer.wrap(empty));
    assertThatThrownBy(() -> Distribution.decode(Arrays.copyOf(empty, length), 0, Unit.RAW, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a distribution needs at least one value, got a histogram of 0");
  }

  @ParameterizedTest
  @CsvSource({"0.5, p50", "0.9, p90", "0.99, p99", "0.999, p999", "0.9999, p9999", "0.75, p75", "0.05, p5", "0.001, p01", "0.125, p125"})
  void shouldNameEachQuantileByTheDigitsOfItsPercentile(double quantile, String key) {
    assertThat(Distribution.quantileKey(quantile)).isEqualTo(key);
  }

  @Test
  void shouldRejectQuantilesOutsideZeroToOneOrOutOfOrderOrOfTheSameKey() {
    for (List<Double> bad : List.of(List.of(0.0), List.of(1.0), List.of(Double.NaN), List.of(0.9, 0.5), List.of(0.5, 0.5))) {
      assertThatThrownBy(() -> Distribution.requireValidQuantiles(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Distribution.requireValidQuantiles(List.of(0.0125, 0.125)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantiles [0.0125, 0.125] give the report key p125 twice");
    assertThatThrownBy(() -> Distribution.requireValidQuantiles(List.of(0.5, 1.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quantile must be strictly between 0 and 1 (0.99 for the 99th percentile), got 1.5 in [0.5, 1.5]");
    List<Double> thirtyThree = java.util.stream.IntStream.rangeClosed(1, 33).mapToObj(i -> i / 100.0).toList();
    assertThatThrownBy(() -> Distribution.requireValidQuantiles(thirtyThree))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at most 32 quantiles per distribution, got 33");
    assertThat(Distribution.requireValidQuantiles(thirtyThree.subList(0, 32))).hasSize(32);
  }

  @Test
  void shouldReportOnlyCountAndMaxWithoutQuantiles() {
    assertThat(Distribution.of(histogram(7, 9), 16, Unit.RAW, List.of()).reportValue())
        .containsExactly(Map.entry("count", 2L), Map.entry("max", 9L));
  }

  private static byte[] with(byte[] bytes, java.util.function.Consumer<ByteBuffer> change) {
    byte[] copy = bytes.clone();
    change.accept(ByteBuffer.wrap(copy));
    return copy;
  }
}
