package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class EventCounterTest {
  private final EventNames names = new EventNames(64);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final EventCounter counter = new EventCounter("c");

  @Test
  void shouldBeEmptyBeforeTheFirstEvent() {
    assertThat(counter.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldCountEveryBlockAndEveryOccurrence() {
    dispatcher.add(counter);
    int id = names.id("c");
    for (int i = 0; i < 3; i++) {
      dispatcher.timing(id, 1, i + 1);
    }
    dispatcher.occurrence(id, 10);
    dispatcher.occurrence(id, 11);
    assertThat(counter.value(12)).isEqualTo(new CounterValue.LongSum(5));
  }

  @Test
  void shouldNotCountRawStartsOrEnds() {
    dispatcher.add(counter);
    dispatcher.start(names.id("c"), 1, 0);
    dispatcher.end(names.id("c"), 1, 1);
    assertThat(counter.value(1)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldAddValueEventsAsThatManyOccurrences() {
    dispatcher.add(counter);
    int id = names.id("c");
    dispatcher.value(id, 2, 0);
    dispatcher.occurrence(id, 0);
    assertThat(counter.value(0)).isEqualTo(new CounterValue.LongSum(3));
  }

  @Test
  void shouldCountSeveralEventsTogether() {
    dispatcher.add(new EventCounter("both", List.of("a", "b")));
    dispatcher.occurrence(names.id("a"), 0);
    dispatcher.occurrence(names.id("b"), 0);
    assertThat(dispatcher.counter("both").value(0)).isEqualTo(new CounterValue.LongSum(2));
  }

  @Test
  void shouldCountExactly() {
    counter.onValue(0, 9_007_199_254_740_992L, 0); // 2^53
    counter.onOccurrence(0, 0);
    assertThat(counter.value(0)).isEqualTo(new CounterValue.LongSum(9_007_199_254_740_993L));
  }
}
