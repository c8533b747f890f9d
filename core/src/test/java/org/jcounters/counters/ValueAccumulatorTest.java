package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class ValueAccumulatorTest {
  private final EventNames names = new EventNames(16);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final ValueAccumulator accumulator = new ValueAccumulator("ac", List.of("s1", "s2"));
  private final TotalCounter totalS1 = new TotalCounter("ac.s1");
  private final TotalCounter totalS2 = new TotalCounter("ac.s2");

  ValueAccumulatorTest() {
    dispatcher.add(accumulator);
    dispatcher.add(totalS1);
    dispatcher.add(totalS2);
  }

  @Test
  void shouldBeEmptyBeforeAnyValue() {
    assertThat(accumulator.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldTotalEachEventApart() {
    reportPyCountersValues();
    assertThat(accumulator.value(0)).isEqualTo(new Accumulated(Map.of("s1", new LongSum(3), "s2", new LongSum(5))));
    assertThat(accumulator.value(0).reportValue()).isEqualTo(Map.of("s1", 3L, "s2", 5L));
  }

  @Test
  void shouldOnlyListEventsThatHadAValue() {
    dispatcher.value(names.id("s2"), 5, 0);
    assertThat(accumulator.value(0)).isEqualTo(new Accumulated(Map.of("s2", new LongSum(5))));
  }

  @Test
  void shouldIgnoreOccurrences() {
    dispatcher.occurrence(names.id("s1"), 0);
    assertThat(accumulator.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldReRaiseTotalsAsPrefixedValueEventsReachingTheirCounters() {
    reportPyCountersValues();
    accumulator.raiseValueEvents(10, false);
    assertThat(totalS1.value(10)).isEqualTo(new LongSum(3));
    assertThat(totalS2.value(10)).isEqualTo(new LongSum(5));
  }

  @Test
  void shouldRaiseTheTotalSoFarEachTimeUnlessCleared() {
    reportPyCountersValues();
    accumulator.raiseValueEvents(10, false);
    accumulator.raiseValueEvents(20, false);
    assertThat(totalS1.value(20)).isEqualTo(new LongSum(6)); // the same total raised twice
    assertThat(accumulator.value(20)).isEqualTo(new Accumulated(Map.of("s1", new LongSum(3), "s2", new LongSum(5))));
  }

  @Test
  void shouldRaiseOnlyWhatAccumulatedSinceTheLastClearingRaise() {
    reportPyCountersValues();
    accumulator.raiseValueEvents(10, true);
    assertThat(accumulator.value(10)).isSameAs(CounterValue.empty());

    dispatcher.value(names.id("s1"), 4, 11);
    accumulator.raiseValueEvents(20, true);

    assertThat(totalS1.value(20)).isEqualTo(new LongSum(7)); // 3 then 4: exactly what was accumulated
    assertThat(totalS2.value(20)).isEqualTo(new LongSum(5)); // s2 had nothing new: not raised again
  }

  @Test
  void shouldAverageTotalsPerRaiseInAWindowCounter() {
    AverageWindowCounter average = new AverageWindowCounter("ac.s2");
    assertThat(dispatcher.remove(totalS2)).isTrue();
    dispatcher.add(average);
    dispatcher.value(names.id("s2"), 2, 0);
    dispatcher.value(names.id("s2"), 2, 0);
    accumulator.raiseValueEvents(1, true); // a unit of work with 4
    dispatcher.value(names.id("s2"), 8, 2);
    accumulator.raiseValueEvents(3, true); // a unit of work with 8
    assertThat(average.value(3)).isEqualTo(new CounterValue.Average(6.0, 2));
  }

  @Test
  void shouldIgnoreItsOwnRaisedValuesWhenItListensToThem() {
    ValueAccumulator self = new ValueAccumulator("self", List.of("x", "self.x"));
    dispatcher.add(self);
    dispatcher.value(names.id("x"), 3, 0);
    self.raiseValueEvents(1, false);
    assertThat(self.value(1)).isEqualTo(new Accumulated(Map.of("x", new LongSum(3))));
    dispatcher.value(names.id("self.x"), 1, 2); // outside a raise, it is an ordinary value
    assertThat(self.value(2)).isEqualTo(new Accumulated(Map.of("x", new LongSum(3), "self.x", new LongSum(1))));
  }

  @Test
  void shouldRaiseNowhereWhenNotRegistered() {
    ValueAccumulator loose = new ValueAccumulator("loose");
    loose.onValue(0, 1, 0);
    loose.raiseValueEvents(0, true);
    assertThat(loose.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldListenToItsOwnNameByDefault() {
    ValueAccumulator own = new ValueAccumulator("own");
    assertThat(own.events()).containsExactly("own");
    assertThat(own.raisedName("own")).isEqualTo("own.own");
  }

  @Test
  void shouldNameRaisedEventsAfterItselfAndTheEvent() {
    assertThat(accumulator.raisedName("s1")).isEqualTo("ac.s1");
    assertThatThrownBy(() -> accumulator.raisedName("s3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter 'ac' does not listen to 's3'");
  }

  private void reportPyCountersValues() {
    dispatcher.value(names.id("s1"), 1, 0);
    dispatcher.value(names.id("s1"), 2, 0);
    dispatcher.value(names.id("s2"), 5, 0);
  }
}
