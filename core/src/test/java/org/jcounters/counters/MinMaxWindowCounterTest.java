package org.jcounters.counters;

import org.jcounters.internal.core.CounterAccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue.Min;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class MinMaxWindowCounterTest {
  private static final long S = 1_000_000_000L;

  private final MaxWindowCounter max = new MaxWindowCounter("max"); // 300 s in 5 s buckets
  private final MinWindowCounter min = new MinWindowCounter("min");

  @Test
  void shouldBeEmptyBeforeAnyValue() {
    assertThat(max.value(0)).isSameAs(CounterValue.empty());
    assertThat(min.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldReportTheLargestValueStillInTheWindow() {
    max.onValue(0, 3, 1 * S);
    max.onValue(0, 50, 2 * S); // bucket 0: leaves at 305 s
    max.onValue(0, 10, 6 * S); // bucket 1: leaves at 310 s
    assertThat(max.value(305 * S - 1)).isEqualTo(new Max(50));
    assertThat(max.value(305 * S)).isEqualTo(new Max(10));
    assertThat(max.value(310 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldReportTheSmallestValueStillInTheWindow() {
    min.onValue(0, 3, 1 * S);
    min.onValue(0, -5, 2 * S); // bucket 0: leaves at 305 s
    min.onValue(0, 10, 6 * S); // bucket 1: leaves at 310 s
    assertThat(min.value(305 * S - 1)).isEqualTo(new Min(-5));
    assertThat(min.value(305 * S)).isEqualTo(new Min(10));
    assertThat(min.value(310 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldHandleTheExtremesOfLong() {
    max.onValue(0, Long.MIN_VALUE, 0);
    min.onValue(0, Long.MAX_VALUE, 0);
    assertThat(max.value(0)).isEqualTo(new Max(Long.MIN_VALUE));
    assertThat(min.value(0)).isEqualTo(new Min(Long.MAX_VALUE));
  }

  @Test
  void shouldIgnoreOccurrencesAndTimings() {
    CounterAccess.get().onOccurrence(max, 0, 0);
    CounterAccess.get().onTiming(max, 0, S, 0);
    CounterAccess.get().onOccurrence(min, 0, 0);
    CounterAccess.get().onTiming(min, 0, S, 0);
    assertThat(max.value(0)).isSameAs(CounterValue.empty());
    assertThat(min.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldWatchSeveralEventsOverTheGivenWindow() {
    EventNames names = new EventNames(8);
    EventDispatcher dispatcher = new EventDispatcher(names);
    MaxWindowCounter both = new MaxWindowCounter("maxBoth", List.of("a", "b"), Duration.ofSeconds(60));
    MinWindowCounter bothMin = new MinWindowCounter("minBoth", List.of("a", "b"), Duration.ofSeconds(60));
    dispatcher.add(both);
    dispatcher.add(bothMin);
    dispatcher.value(names.id("a"), 7, 0);
    dispatcher.value(names.id("b"), -7, 0);
    assertThat(both.value(0)).isEqualTo(new Max(7));
    assertThat(bothMin.value(0)).isEqualTo(new Min(-7));
    assertThat(both.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(bothMin.window()).isEqualTo(Duration.ofSeconds(60));
  }
}
