package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.reporters.Report;
import org.junit.jupiter.api.Test;

class ReportMergerTest {
  @Test
  void shouldMergeEachKindByItsRule() {
    Report report = ReportMerger.merge(List.of(
        new ReportMerger.NodeValues("a", Map.of(
            "sum", new CounterValue.LongSum(3), "dsum", new CounterValue.DoubleSum(0.25), "avg", new CounterValue.Average(10, 1),
            "max", new CounterValue.Max(5), "min", new CounterValue.Min(5), "none", CounterValue.empty(),
            "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(1)))), 2),
        new ReportMerger.NodeValues("b", Map.of(
            "sum", new CounterValue.LongSum(4), "dsum", new CounterValue.DoubleSum(0.5), "avg", new CounterValue.Average(20, 3),
            "max", new CounterValue.Max(9), "min", new CounterValue.Min(-1), "none", CounterValue.empty(), "only_b", CounterValue.empty(),
            "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(2), "y", new CounterValue.Average(1, 1)))), 3)),
        1.5);
    assertThat(report.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "sum", new CounterValue.LongSum(7), "dsum", new CounterValue.DoubleSum(0.75), "avg", new CounterValue.Average(17.5, 4),
        "max", new CounterValue.Max(9), "min", new CounterValue.Min(-1), "none", CounterValue.empty(), "only_b", CounterValue.empty(),
        "acc", new CounterValue.Accumulated(Map.of("x", new CounterValue.LongSum(3), "y", new CounterValue.Average(1, 1)))));
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

  @Test
  void shouldReportOverflowingSumsAsNullRatherThanFail() {
    assertThat(ReportMerger.mergeAll("big", List.of(new CounterValue.LongSum(Long.MAX_VALUE), new CounterValue.LongSum(1)), List.of("a", "b")))
        .isEqualTo(CounterValue.empty());
  }
}
