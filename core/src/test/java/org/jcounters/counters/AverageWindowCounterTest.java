package org.jcounters.counters;

import org.jcounters.internal.core.CounterAccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class AverageWindowCounterTest {
  private static final long S = 1_000_000_000L;

  private final AverageWindowCounter counter = new AverageWindowCounter("avg"); // 300 s in 5 s buckets

  @Test
  void shouldBeEmptyBeforeAnyValue() {
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldAverageTheValuesWithTheirCount() {
    counter.onValue(0, 1, 0);
    counter.onValue(0, 2, S);
    assertThat(counter.value(2 * S)).isEqualTo(new Average(1.5, 2));
  }

  @Test
  void shouldDropValuesThatLeftTheWindowAndBeEmptyOnceAllLeft() {
    counter.onValue(0, 10, 1 * S); // bucket [0 s, 5 s): leaves at 305 s
    counter.onValue(0, 20, 6 * S); // bucket [5 s, 10 s): leaves at 310 s

    assertThat(counter.value(305 * S - 1)).isEqualTo(new Average(15.0, 2));
    assertThat(counter.value(305 * S)).isEqualTo(new Average(20.0, 1));
    assertThat(counter.value(310 * S - 1)).isEqualTo(new Average(20.0, 1));
    assertThat(counter.value(310 * S)).isSameAs(CounterValue.empty());

    counter.onValue(0, 1, 311 * S);
    assertThat(counter.value(311 * S)).isEqualTo(new Average(1.0, 1));
  }

  @Test
  void shouldUseTheWindowItIsGiven() {
    AverageWindowCounter minute = new AverageWindowCounter("avg", Duration.ofSeconds(60)); // 1 s buckets
    assertThat(minute.window()).isEqualTo(Duration.ofSeconds(60));
    minute.onValue(0, 4, S / 2);
    assertThat(minute.value(61 * S - 1)).isEqualTo(new Average(4.0, 1));
    assertThat(minute.value(61 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldDefaultToAWindowOf300Seconds() {
    assertThat(counter.window()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void shouldWorkOnAClockThatIsNegative() {
    long t0 = -1_000_000 * S;
    counter.onValue(0, -5, t0);
    counter.onValue(0, 8, t0 + S);
    counter.onValue(0, 3, t0 + 2 * S);
    assertThat(counter.value(t0 + 2 * S)).isEqualTo(new Average(2.0, 3));
  }

  @Test
  void shouldIgnoreOccurrencesAndTimings() {
    CounterAccess.get().onOccurrence(counter, 0, 0);
    CounterAccess.get().onTiming(counter, 0, S, 0);
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldAverageSeveralEventsTogetherThroughTheDispatcher() {
    EventNames names = new EventNames(8);
    EventDispatcher dispatcher = new EventDispatcher(names);
    AverageWindowCounter both = new AverageWindowCounter("both", List.of("a", "b"), Duration.ofSeconds(10));
    dispatcher.add(both);
    dispatcher.value(names.id("a"), 1, 0);
    dispatcher.value(names.id("b"), 4, 0);
    assertThat(both.value(0)).isEqualTo(new Average(2.5, 2));
  }
}
