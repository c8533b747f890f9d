package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class AverageTimeCounterTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(16);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final AverageTimeCounter counter = new AverageTimeCounter("request"); // 300 s in 5 s buckets
  private final int request = names.id("request");

  AverageTimeCounterTest() {
    dispatcher.add(counter);
  }

  @Test
  void shouldBeEmptyBeforeAnyBlockEnded() {
    assertThat(dispatcher.start(request, 1, 0)).isTrue(); // listened to, but raw starts are for counters following threads
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldAverageBlockDurationsInSeconds() {
    dispatcher.timing(request, 2 * S, 3 * S);
    dispatcher.timing(request, 6 * S, 6 * S);
    assertThat(counter.value(6 * S)).isEqualTo(new Average(4.0, 2));
  }

  @Test
  void shouldMeasureSubSecondBlocksExactly() {
    dispatcher.timing(request, 250_000, 1_000 + 250_000); // 250 µs
    assertThat(counter.value(S)).isEqualTo(new Average(0.00025, 1));
  }

  @Test
  void shouldIgnoreRawEnds() {
    dispatcher.end(request, 1, S);
    assertThat(counter.value(S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldDropBlocksThatEndedBeforeTheWindow() {
    dispatcher.timing(request, 1 * S, 10 * S); // ended in bucket [10 s, 15 s): leaves at 315 s
    dispatcher.timing(request, 3 * S, 23 * S); // ended in bucket [20 s, 25 s): leaves at 325 s
    assertThat(counter.value(315 * S - 1)).isEqualTo(new Average(2.0, 2));
    assertThat(counter.value(315 * S)).isEqualTo(new Average(3.0, 1));
    assertThat(counter.value(325 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldTakeValueEventsAsDurationsInNanoseconds() {
    dispatcher.value(request, 2 * S, 0);
    dispatcher.value(request, S, 0);
    assertThat(counter.value(0)).isEqualTo(new Average(1.5, 2));
  }

  @Test
  void shouldAverageSeveralBlocksTogetherOverTheGivenWindow() {
    AverageTimeCounter both = new AverageTimeCounter("io", List.of("read", "write"), Duration.ofSeconds(10));
    assertThat(both.window()).isEqualTo(Duration.ofSeconds(10));
    dispatcher.add(both);
    dispatcher.timing(names.id("write"), S, 2 * S); // 1 s
    dispatcher.timing(names.id("read"), 4 * S, 4 * S); // 4 s
    assertThat(both.value(4 * S)).isEqualTo(new Average(2.5, 2));
  }
}
