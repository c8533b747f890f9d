package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class FrequencyCounterTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(16);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final FrequencyCounter counter = new FrequencyCounter("f", Duration.ofSeconds(60)); // 1 s buckets

  @Test
  void shouldBeEmptyWhenNothingHappenedInTheWindow() {
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
    counter.onOccurrence(0, 0);
    assertThat(counter.value(61 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldDivideOccurrencesByTheTimeSinceTheOldestEventInTheWindow() {
    dispatcher.add(counter);
    int id = names.id("f");
    dispatcher.timing(id, 1 * S, 2 * S); // a block counts 1
    dispatcher.occurrence(id, 4 * S); // an occurrence counts 1
    dispatcher.value(id, 3, 5 * S); // "3 occurrences happened now"

    assertThat(counter.value(10 * S)).isEqualTo(new DoubleSum(5.0 / 8)); // 5 occurrences over 10 s - 2 s
  }

  @Test
  void shouldFollowTheWindowAsEventsLeaveIt() {
    counter.onOccurrence(0, 2 * S); // bucket 2: leaves at 63 s
    counter.onOccurrence(0, 4 * S); // bucket 4: leaves at 65 s
    counter.onValue(0, 3, 5 * S); // bucket 5: leaves at 66 s

    assertThat(counter.value(63 * S - 1)).isEqualTo(new DoubleSum(5 / ((63 * S - 1 - 2 * S) / 1e9)));
    assertThat(counter.value(63 * S)).isEqualTo(new DoubleSum(4.0 / 59));
    assertThat(counter.value(65 * S)).isEqualTo(new DoubleSum(3.0 / 60));
    assertThat(counter.value(66 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldMatchPyCountersFigureForTwoEventsFromTwoNames() {
    // PyCounters' test_perf_frequency: events at t=2 and t=4, report at t=6, window 10: 2 / 4 = 0.5.
    FrequencyCounter both = new FrequencyCounter("c", List.of("f", "c"), Duration.ofSeconds(10));
    dispatcher.add(both);
    dispatcher.occurrence(names.id("f"), 2 * S);
    dispatcher.occurrence(names.id("c"), 4 * S);
    assertThat(both.value(6 * S)).isEqualTo(new DoubleSum(0.5));
  }

  @Test
  void shouldNotEstimateARatePerSecondFromLessThanASecond() {
    counter.onOccurrence(0, 100 * S);
    assertThat(counter.value(100 * S)).isEqualTo(new DoubleSum(1.0));
    assertThat(counter.value(100 * S + S / 2)).isEqualTo(new DoubleSum(1.0));
    assertThat(counter.value(102 * S)).isEqualTo(new DoubleSum(0.5));
  }

  @Test
  void shouldFloorTheSpanAtTheWindowWhenTheWindowIsShorterThanASecond() {
    FrequencyCounter fast = new FrequencyCounter("fast", Duration.ofMillis(500));
    fast.onOccurrence(0, 0);
    assertThat(fast.value(0)).isEqualTo(new DoubleSum(2.0));
  }

  @Test
  void shouldMeasureTheSpanToTheLatestEventWhenReportedFromTheStalePast() {
    counter.onOccurrence(0, 10 * S);
    counter.onOccurrence(0, 20 * S);
    assertThat(counter.value(15 * S)).isEqualTo(new DoubleSum(0.2)); // 2 over 20 s - 10 s
  }

  @Test
  void shouldWorkOnAClockThatIsNegative() {
    counter.onOccurrence(0, -10 * S);
    counter.onOccurrence(0, -6 * S);
    assertThat(counter.value(-2 * S)).isEqualTo(new DoubleSum(0.25));
  }

  @Test
  void shouldDefaultToAWindowOf300Seconds() {
    assertThat(new FrequencyCounter("f").window()).isEqualTo(Duration.ofSeconds(300));
  }
}
