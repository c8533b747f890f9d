package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.Snapshot;
import org.junit.jupiter.api.Test;

class TotalCounterTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(64);
  private final EventDispatcher dispatcher = new EventDispatcher(names);

  @Test
  void shouldBeEmptyBeforeTheFirstValue() {
    TotalCounter total = new TotalCounter("t");
    assertThat(total.value(0)).isSameAs(CounterValue.empty());
    assertThat(total.value(0).reportValue()).isNull();
  }

  @Test
  void shouldSumValuesExactlyBeyondWhatADoubleHolds() {
    TotalCounter total = new TotalCounter("t");
    total.onValue(0, 9_007_199_254_740_993L, 0); // 2^53 + 1: a double would round it
    total.onValue(0, 1, 0);
    total.onValue(0, -4, 0);
    assertThat(total.value(0)).isEqualTo(new CounterValue.LongSum(9_007_199_254_740_990L));
  }

  @Test
  void shouldReportZeroOnceValuesCancelOut() {
    TotalCounter total = new TotalCounter("t");
    total.onValue(0, 3, 0);
    total.onValue(0, -3, 0);
    assertThat(total.value(0)).isEqualTo(new CounterValue.LongSum(0));
  }

  @Test
  void shouldTotalEveryEventItListensTo() {
    dispatcher.add(new TotalCounter("test", List.of("test1", "test2")));
    dispatcher.value(names.id("test1"), 1, 0);
    dispatcher.value(names.id("test2"), 2, 0);
    dispatcher.value(names.id("test"), 100, 0);
    assertThat(dispatcher.counter("test").value(0)).isEqualTo(new CounterValue.LongSum(3));
  }

  @Test
  void shouldLetSeveralCountersTotalTheSameEvent() {
    dispatcher.add(new TotalCounter("test1", List.of("test")));
    dispatcher.add(new TotalCounter("test2", List.of("test")));
    dispatcher.value(names.id("test"), 1, 0);
    assertThat(new Snapshot(dispatcher.values(0), 0, 0).values())
        .containsEntry("test1", new CounterValue.LongSum(1)).containsEntry("test2", new CounterValue.LongSum(1));
  }

  @Test
  void shouldGiveItsTotalAsItsSinceStartFigure() {
    TotalCounter total = new TotalCounter("bytes");
    assertThat(total.sinceStart(0)).isSameAs(CounterValue.empty());
    total.onValue(0, 5, 0);
    assertThat(total.sinceStart(0)).isEqualTo(new CounterValue.LongSum(5));
    dispatcher.add(new TotalCounter("test"));
    dispatcher.value(names.id("test"), 3, 0);
    Snapshot snapshot = new Snapshot(dispatcher.values(0), 0, 0);
    assertThat(snapshot.values()).containsEntry("test", new CounterValue.LongSum(3));
    assertThat(snapshot.sinceStart()).containsEntry("test", new CounterValue.LongSum(3));
  }

  @Test
  void shouldIgnoreOccurrencesAndUntimedEnds() {
    TotalCounter total = new TotalCounter("t");
    dispatcher.add(total);
    dispatcher.occurrence(names.id("t"), 0);
    dispatcher.end(names.id("t"), 1, 0); // a raw end: for counters following threads
    assertThat(total.value(0)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldTotalTimingsInSeconds() {
    TotalCounter total = new TotalCounter("t");
    dispatcher.add(total);
    int id = names.id("t");
    dispatcher.timing(id, S + S / 2, 12 * S); // 1.5 s
    total.onTiming(0, S / 4, 13 * S); // a raised timing of 0.25 s
    assertThat(total.value(13 * S)).isEqualTo(new CounterValue.DoubleSum(1.75));
  }

  @Test
  void shouldSaturateRatherThanWrap() {
    TotalCounter total = new TotalCounter("t");
    total.onValue(0, Long.MAX_VALUE, 0);
    total.onValue(0, 1, 0);
    assertThat(total.value(0)).isEqualTo(new CounterValue.LongSum(Long.MAX_VALUE));
  }
}
