package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.EventDispatcher;
import org.jcounters.core.EventNames;
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
    dispatcher.start(request, dispatcher.newSource(1), 0, 0);
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldAverageNestedBlocksOfTheSameNameInSeconds() {
    EventDispatcher.Source a = dispatcher.newSource(1);
    dispatcher.start(request, a, 0, 0);
    dispatcher.start(request, a, 1 * S, 1 * S);
    dispatcher.end(request, a, 3 * S, 3 * S); // inner: 2 s
    dispatcher.end(request, a, 6 * S, 6 * S); // outer: 6 s
    assertThat(counter.value(6 * S)).isEqualTo(new Average(4.0, 2));
  }

  @Test
  void shouldPairStartsAndEndsOnTheSameThreadWhenThreadsInterleave() {
    EventDispatcher.Source a = dispatcher.newSource(1);
    EventDispatcher.Source b = dispatcher.newSource(2);
    dispatcher.start(request, a, 0, 0);
    dispatcher.start(request, b, 1 * S, 1 * S);
    dispatcher.start(request, b, 2 * S, 2 * S);
    dispatcher.end(request, a, 4 * S, 4 * S); // a: 4 s
    dispatcher.end(request, b, 5 * S, 5 * S); // b inner: 3 s
    dispatcher.end(request, b, 7 * S, 7 * S); // b outer: 6 s
    assertThat(counter.value(7 * S)).isEqualTo(new Average(13.0 / 3, 3));
  }

  @Test
  void shouldMeasureSubSecondBlocksExactly() {
    EventDispatcher.Source a = dispatcher.newSource(1);
    dispatcher.start(request, a, 1_000, 1_000);
    dispatcher.end(request, a, 1_000 + 250_000, 1_000 + 250_000); // 250 µs
    assertThat(counter.value(S)).isEqualTo(new Average(0.00025, 1));
  }

  @Test
  void shouldIgnoreAnEndWithoutItsStart() {
    dispatcher.end(request, dispatcher.newSource(1), S, S);
    assertThat(counter.value(S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldForgetStartsOfAClosedThread() {
    EventDispatcher.Source a = dispatcher.newSource(1);
    dispatcher.start(request, a, 0, 0);
    dispatcher.closeSource(a);
    dispatcher.end(request, dispatcher.newSource(1), S, S);
    assertThat(counter.value(S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldDropBlocksThatEndedBeforeTheWindow() {
    EventDispatcher.Source a = dispatcher.newSource(1);
    dispatcher.start(request, a, 9 * S, 9 * S);
    dispatcher.end(request, a, 10 * S, 10 * S); // ended in bucket [10 s, 15 s): leaves at 315 s
    dispatcher.start(request, a, 20 * S, 20 * S);
    dispatcher.end(request, a, 23 * S, 23 * S); // ended in bucket [20 s, 25 s): leaves at 325 s
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
    EventDispatcher.Source a = dispatcher.newSource(1);
    dispatcher.start(names.id("read"), a, 0, 0);
    dispatcher.start(names.id("write"), a, S, S);
    dispatcher.end(names.id("write"), a, 2 * S, 2 * S); // 1 s
    dispatcher.end(names.id("read"), a, 4 * S, 4 * S); // 4 s
    assertThat(both.value(4 * S)).isEqualTo(new Average(2.5, 2));
  }
}
