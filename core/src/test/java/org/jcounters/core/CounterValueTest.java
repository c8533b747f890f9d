package org.jcounters.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue.Min;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CounterValueTest {

  static Stream<CounterValue> everyNonEmptyKind() {
    return Stream.of(new LongSum(1), new DoubleSum(0.5), new Average(2.0, 3), new Max(4), new Min(-4),
        new Accumulated(Map.of("a", new LongSum(1))), DistributionTest.raw(3, 5));
  }

  @Test
  void shouldAddLongSumsExactly() {
    assertThat(new LongSum(9_007_199_254_740_993L).merge(new LongSum(1))).isEqualTo(new LongSum(9_007_199_254_740_994L));
  }

  @Test
  void shouldSaturateLongSumsAsTheCountersDo() {
    // A TotalCounter saturates; merging two of its totals (processes, label sets) must too, not throw.
    assertThat(new LongSum(Long.MAX_VALUE - 1).merge(new LongSum(5))).isEqualTo(new LongSum(Long.MAX_VALUE));
    assertThat(new LongSum(Long.MIN_VALUE + 1).merge(new LongSum(-5))).isEqualTo(new LongSum(Long.MIN_VALUE));
  }

  @Test
  void shouldAddDoubleSums() {
    assertThat(new DoubleSum(0.25).merge(new DoubleSum(1.5))).isEqualTo(new DoubleSum(1.75));
  }

  @Test
  void shouldMergeAveragesWeightedByTheirCounts() {
    // PyCounters' test: (1 over 1 sample) with (3 over 3 samples) is 10 / 4.
    assertThat(new Average(1.0, 1).merge(new Average(3.0, 3))).isEqualTo(new Average(2.5, 4));
  }

  @Test
  void shouldRejectAnAverageOfNoSamples() {
    assertThatThrownBy(() -> new Average(1.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an average needs a positive sample count, got 0");
  }

  @Test
  void shouldMergeMaxByTakingTheLarger() {
    assertThat(new Max(3).merge(new Max(1))).isEqualTo(new Max(3));
    assertThat(new Max(3).merge(new Max(4))).isEqualTo(new Max(4));
  }

  @Test
  void shouldMergeMinByTakingTheSmaller() {
    assertThat(new Min(1).merge(new Min(3))).isEqualTo(new Min(1));
    assertThat(new Min(1).merge(new Min(-2))).isEqualTo(new Min(-2));
  }

  @Test
  void shouldMergeAccumulatedKeyByKeyWithEachEntrysOwnRule() {
    Accumulated left = new Accumulated(Map.of("a", new LongSum(1), "b", new Max(5), "avg", new Average(1.0, 1)));
    Accumulated right = new Accumulated(Map.of("b", new Max(7), "c", new DoubleSum(0.5), "avg", new Average(4.0, 2)));

    assertThat(left.merge(right)).isEqualTo(new Accumulated(Map.of(
        "a", new LongSum(1), "b", new Max(7), "c", new DoubleSum(0.5), "avg", new Average(3.0, 3))));
  }

  @Test
  void shouldIgnoreEmptyEntriesWhenMergingAccumulated() {
    Accumulated left = new Accumulated(Map.of("a", CounterValue.empty()));
    Accumulated right = new Accumulated(Map.of("a", new LongSum(2)));
    assertThat(left.merge(right)).isEqualTo(right);
    assertThat(right.merge(left)).isEqualTo(right);
  }

  @Test
  void shouldFailClearlyWhenAnAccumulatedKeyHasDifferentKinds() {
    Accumulated left = new Accumulated(Map.of("a", new LongSum(1)));
    Accumulated right = new Accumulated(Map.of("a", new DoubleSum(1)));
    assertThatThrownBy(() -> left.merge(right))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot merge LongSum with DoubleSum");
  }

  @Test
  void shouldRejectAnAccumulatedEntryWithoutValue() {
    Map<String, CounterValue> entries = new HashMap<>();
    entries.put("a", null);
    assertThatThrownBy(() -> new Accumulated(entries))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("entry 'a' has no value");
  }

  @ParameterizedTest
  @MethodSource("everyNonEmptyKind")
  void shouldIgnoreEmptyOnEitherSideOfAMerge(CounterValue value) {
    assertThat(value.merge(CounterValue.empty())).isEqualTo(value);
    assertThat(CounterValue.empty().merge(value)).isEqualTo(value);
  }

  @Test
  void shouldStayEmptyWhenMergingTwoEmpties() {
    assertThat(CounterValue.empty().merge(CounterValue.empty())).isSameAs(CounterValue.empty());
  }

  @ParameterizedTest
  @MethodSource("everyNonEmptyKind")
  void shouldFailClearlyWhenMergingDifferentKinds(CounterValue value) {
    CounterValue other = value instanceof LongSum ? new DoubleSum(1) : new LongSum(1);
    assertThatThrownBy(() -> value.merge(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge " + value.getClass().getSimpleName() + " with " + other.getClass().getSimpleName()
            + ": the same counter name has different kinds in the merged reports");
  }

  @Test
  void shouldShowEachKindAsAReportShowsIt() {
    assertThat(CounterValue.empty().reportValue()).isNull();
    assertThat(new LongSum(3).reportValue()).isEqualTo(3L);
    assertThat(new DoubleSum(0.5).reportValue()).isEqualTo(0.5);
    assertThat(new Average(2.5, 4).reportValue()).isEqualTo(2.5);
    assertThat(new Max(7).reportValue()).isEqualTo(7L);
    assertThat(new Min(-7).reportValue()).isEqualTo(-7L);
    assertThat(DistributionTest.raw(3, 5).reportValue())
        .isEqualTo(Map.of("count", 2L, "p50", 3L, "p90", 5L, "p99", 5L, "p999", 5L, "max", 5L));
  }

  @Test
  void shouldMergeDistributionsInsideAccumulatedKeyByKey() {
    Accumulated left = new Accumulated(Map.of("read", DistributionTest.raw(1, 2)));
    Accumulated right = new Accumulated(Map.of("read", DistributionTest.raw(3), "write", DistributionTest.raw(9)));
    assertThat(left.merge(right)).isEqualTo(new Accumulated(Map.of("read", DistributionTest.raw(1, 2, 3), "write", DistributionTest.raw(9))));
  }

  @Test
  void shouldShowAccumulatedAsAMapSortedByKeyWithNullForEmptyEntries() {
    Object report = new Accumulated(Map.of("b", new LongSum(2), "a", new DoubleSum(1.5), "c", CounterValue.empty())).reportValue();
    assertThat(report).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) report;
    assertThat(List.copyOf(map.keySet())).isEqualTo(List.of("a", "b", "c"));
    assertThat(map.get("a")).isEqualTo(1.5);
    assertThat(map.get("b")).isEqualTo(2L);
    assertThat(map.containsKey("c")).isTrue();
    assertThat(map.get("c")).isNull();
  }
}
