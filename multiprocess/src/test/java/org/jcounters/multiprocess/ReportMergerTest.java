package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportMergerTest {
  /** A distribution of these raw values, 2 digits up to 10^6 unless a test configures otherwise. */
  private static Distribution raw(long... values) {
    return distribution(Distribution.Unit.RAW, Distribution.DEFAULT_QUANTILES, 2, 1_000_000, values);
  }

  private static Distribution distribution(Distribution.Unit unit, List<Double> quantiles, int digits, long highest, long... values) {
    Histogram histogram = new Histogram(1, highest, digits);
    long sum = 0;
    for (long v : values) {
      histogram.recordValue(v);
      sum += v;
    }
    return Distribution.of(histogram, sum, unit, quantiles);
  }

  @Test
  void shouldMergeEachKindByItsRule() {
    Report report = ReportMerger.merge(List.of(
        new ReportMerger.NodeValues("a", Map.of(
            "sum", new CounterValue.LongSum(3), "dsum", new CounterValue.DoubleSum(0.25), "avg", new CounterValue.Average(10, 1),
            "max", new CounterValue.Max(5), "min", new CounterValue.Min(5), "none", CounterValue.empty(),
            "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(1))), "dist", raw(1, 2, 3, 150)), 2),
        new ReportMerger.NodeValues("b", Map.of(
            "sum", new CounterValue.LongSum(4), "dsum", new CounterValue.DoubleSum(0.5), "avg", new CounterValue.Average(20, 3),
            "max", new CounterValue.Max(9), "min", new CounterValue.Min(-1), "none", CounterValue.empty(), "only_b", CounterValue.empty(),
            "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(2), "y", new CounterValue.Average(1, 1))),
            "dist", raw(4, 5, 6, 7, 8, 9)), 3)),
        1.5);
    assertThat(report.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "sum", new CounterValue.LongSum(7), "dsum", new CounterValue.DoubleSum(0.75), "avg", new CounterValue.Average(17.5, 4),
        "max", new CounterValue.Max(9), "min", new CounterValue.Min(-1), "none", CounterValue.empty(), "only_b", CounterValue.empty(),
        "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(3), "y", new CounterValue.Average(1, 1))),
        "dist", raw(1, 2, 3, 150, 4, 5, 6, 7, 8, 9)));
    // the histogram of both inputs' values: 10 values, p50 the 5th smallest, p90 the 9th, p99 and p999 the 10th
    assertThat(report.values().get("dist").reportValue())
        .isEqualTo(Map.of("count", 10L, "p50", 5L, "p90", 9L, "p99", 150L, "p999", 150L, "max", 150L));
    assertThat(((Distribution) report.values().get("dist")).sum()).isEqualTo(195);
    assertThat(report.droppedEvents()).isEqualTo(5);
    assertThat(report.collectionTime()).isEqualTo(1.5);
    assertThat(report.nodeReports()).containsOnlyKeys("a", "b");
    assertThat(report.nodeReports().get("a")).containsEntry("sum", new CounterValue.LongSum(3));
  }

  @Test
  void shouldWeightAveragesInOneStepWhateverTheNodeOrder() {
    List<CounterValue> values = List.of(new CounterValue.Average(0.1, 3), new CounterValue.Average(0.7, 11), new CounterValue.Average(0.3, 5));
    CounterValue forward = ReportMerger.mergeAll("t", values, List.of("a", "b", "c"));
    CounterValue backward = ReportMerger.mergeAll("t", List.of(values.get(2), values.get(1), values.get(0)), List.of("c", "b", "a"));
    assertThat(forward).isEqualTo(backward).isEqualTo(new CounterValue.Average((0.1 * 3 + 0.7 * 11 + 0.3 * 5) / 19, 19));
  }

  @Test
  void shouldLeaveConflictingKindsOutOfTheTotalButKeepThemInNodeReports() {
    Report report = ReportMerger.merge(List.of(
        new ReportMerger.NodeValues("leader", Map.of("c", new CounterValue.LongSum(1)), 0),
        new ReportMerger.NodeValues("odd", Map.of("c", new CounterValue.Max(100)), 0),
        new ReportMerger.NodeValues("z", Map.of("c", new CounterValue.LongSum(2)), 0)), 0);
    assertThat(report.values()).containsEntry("c", new CounterValue.LongSum(3));
    assertThat(report.nodeReports().get("odd")).containsEntry("c", new CounterValue.Max(100));
  }

  static Stream<Arguments> differentConfigurations() {
    long[] values = {100, 200, 300};
    return Stream.of(
        Arguments.of("unit", distribution(Distribution.Unit.NANOSECONDS, Distribution.DEFAULT_QUANTILES, 2, 1_000_000, values)),
        Arguments.of("quantiles", distribution(Distribution.Unit.RAW, List.of(0.5, 0.99), 2, 1_000_000, values)),
        Arguments.of("digits", distribution(Distribution.Unit.RAW, Distribution.DEFAULT_QUANTILES, 3, 1_000_000, values)),
        Arguments.of("range", distribution(Distribution.Unit.RAW, Distribution.DEFAULT_QUANTILES, 2, 2_000_000, values)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentConfigurations")
  void shouldLeaveOutADistributionConfiguredDifferentlyAndMergeTheOthers(String difference, Distribution odd) {
    Report report = ReportMerger.merge(List.of(
        new ReportMerger.NodeValues("leader", Map.of("t", raw(1, 2), "n", new CounterValue.LongSum(1)), 0),
        new ReportMerger.NodeValues("odd", Map.of("t", odd, "n", new CounterValue.LongSum(10)), 0),
        new ReportMerger.NodeValues("z", Map.of("t", raw(3), "n", new CounterValue.LongSum(100)), 0)), 0);
    assertThat(report.values()).containsEntry("t", raw(1, 2, 3)).containsEntry("n", new CounterValue.LongSum(111));
    assertThat(report.nodeReports().get("odd")).containsEntry("t", odd);
  }

  @Test
  void shouldLeaveOutADifferentlyConfiguredDistributionNestedInAnAccumulatedValue() {
    CounterValue odd = new CounterValue.Accumulated(Map.of("fast", distribution(Distribution.Unit.RAW, List.of(0.5), 2, 1_000_000, 7),
        "slow", raw(900)));
    CounterValue merged = ReportMerger.mergeAll("by_path", List.of(
        new CounterValue.Accumulated(Map.of("fast", raw(1), "slow", raw(1000))), odd,
        new CounterValue.Accumulated(Map.of("fast", raw(2)))), List.of("a", "odd", "c"));
    assertThat(merged).isEqualTo(new CounterValue.Accumulated(Map.of("fast", raw(1, 2), "slow", raw(900, 1000))));
  }

  @Test
  void shouldMergeTheKnownRequestTimesToThePercentilesOfAllTheirValues() {
    // the figures the end-to-end tests expect of any set of nodes, here for the prefixes and every other node
    List<List<Integer>> sets = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      List<Integer> prefix = new ArrayList<>();
      List<Integer> stride = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        prefix.add(k);
        stride.add(2 * k % 13);
      }
      sets.add(prefix);
      sets.add(stride);
    }
    for (List<Integer> nodes : sets) {
      List<CounterValue> values = new ArrayList<>();
      List<String> owners = new ArrayList<>();
      List<Long> all = new ArrayList<>();
      for (int k : nodes) {
        values.add(KnownValues.requestTime(KnownValues.requestTimes(k)));
        owners.add("n" + k);
        all.addAll(KnownValues.requestTimes(k));
      }
      assertThat(ReportMerger.mergeAll("request_time", values, owners).reportValue()).as("nodes %s", nodes)
          .isEqualTo(KnownValues.nearestRankReport(all));
    }
  }

  @Test
  void shouldSaturateOverflowingSumsAsEachNodesCountersDo() {
    assertThat(ReportMerger.mergeAll("big", List.of(new CounterValue.LongSum(Long.MAX_VALUE), new CounterValue.LongSum(1)), List.of("a", "b")))
        .isEqualTo(new CounterValue.LongSum(Long.MAX_VALUE));
  }
}
