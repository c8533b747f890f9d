package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class WindowCounterTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(16);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final WindowCounter counter = new WindowCounter("w"); // 300 s in 5 s buckets

  @Test
  void shouldBeEmptyWhenNothingHappenedInTheWindow() {
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldCountEndsOccurrencesAndValueEvents() {
    dispatcher.add(counter);
    int id = names.id("w");
    dispatcher.timing(id, S, S);
    dispatcher.occurrence(id, 2 * S);
    dispatcher.value(id, 5, 3 * S);
    assertThat(counter.value(3 * S)).isEqualTo(new LongSum(7));
  }

  @Test
  void shouldReportZeroRatherThanEmptyWhenItsEventsCountedZero() {
    counter.onValue(0, 0, 0);
    assertThat(counter.value(0)).isEqualTo(new LongSum(0));
  }

  @Test
  void shouldStopCountingEventsThatLeftTheWindow() {
    counter.onOccurrence(0, 4 * S); // leaves at 305 s
    counter.onOccurrence(0, 5 * S); // leaves at 310 s
    counter.onOccurrence(0, 9 * S); // leaves at 310 s
    assertThat(counter.value(305 * S - 1)).isEqualTo(new LongSum(3));
    assertThat(counter.value(305 * S)).isEqualTo(new LongSum(2));
    assertThat(counter.value(310 * S - 1)).isEqualTo(new LongSum(2));
    assertThat(counter.value(310 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldCountSeveralEventsTogetherOverTheGivenWindow() {
    WindowCounter both = new WindowCounter("both", List.of("a", "b"), Duration.ofSeconds(60));
    assertThat(both.window()).isEqualTo(Duration.ofSeconds(60));
    dispatcher.add(both);
    dispatcher.occurrence(names.id("a"), 0);
    dispatcher.occurrence(names.id("b"), 30 * S);
    assertThat(both.value(60 * S)).isEqualTo(new LongSum(2));
    assertThat(both.value(61 * S)).isEqualTo(new LongSum(1));
  }
}
