package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.CountAndSum;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.Distribution.Unit;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.Snapshot;
import org.junit.jupiter.api.Test;

/** Since-start figures: kept apart from the window, they survive its expiry and reach the snapshot. */
class SinceStartTest {
  private static final long S = 1_000_000_000L;

  @Test
  void shouldKeepAnAveragesCountAndSumAfterItsWindowExpires() {
    AverageWindowCounter counter = new AverageWindowCounter("payload", Duration.ofSeconds(10));
    assertThat(counter.sinceStart(0)).isNull();
    counter.onValue(0, 4, 0);
    counter.onValue(0, 6, S);
    assertThat(counter.sinceStart(S)).isEqualTo(new CountAndSum(2, 10, Unit.RAW));
    assertThat(counter.value(20 * S)).isSameAs(CounterValue.empty());
    assertThat(counter.sinceStart(20 * S)).isEqualTo(new CountAndSum(2, 10, Unit.RAW));
    counter.onValue(0, 1, 21 * S);
    assertThat(counter.sinceStart(21 * S)).isEqualTo(new CountAndSum(3, 11, Unit.RAW));
  }

  @Test
  void shouldReportAverageTimesSinceStartInSeconds() {
    AverageTimeCounter counter = new AverageTimeCounter("request", Duration.ofSeconds(10));
    counter.onTiming(0, 2 * S, 0);
    counter.onTiming(0, S / 2, 0);
    CountAndSum sinceStart = (CountAndSum) counter.sinceStart(100 * S);
    assertThat(sinceStart).isEqualTo(new CountAndSum(2, 5 * S / 2, Unit.NANOSECONDS));
    assertThat(sinceStart.reportSum()).isEqualTo(2.5);
  }

  @Test
  void shouldKeepEveryPercentileValueSinceStartAfterTheWindowExpires() {
    PercentileWindowCounter latency = PercentileWindowCounter.ofTimings("latency").window(Duration.ofSeconds(10)).build();
    assertThat(latency.sinceStart(0)).isNull();
    for (int i = 1; i <= 100; i++) {
      latency.onTiming(0, i * 1_000_000L, 0);
    }
    assertThat(latency.value(60 * S)).isSameAs(CounterValue.empty());
    Distribution sinceStart = (Distribution) latency.sinceStart(60 * S);
    assertThat(sinceStart.count()).isEqualTo(100);
    assertThat(sinceStart.sum()).isEqualTo(5050 * 1_000_000L);
    assertThat(sinceStart.quantiles()).isEmpty();
    latency.onTiming(0, 1_000_000L, 61 * S);
    assertThat(((Distribution) latency.sinceStart(61 * S)).count()).isEqualTo(101);
    assertThat(((Distribution) latency.value(61 * S)).count()).isEqualTo(1);
  }

  @Test
  void shouldSplitSinceStartFiguresOffTheSnapshotValues() {
    EventNames names = new EventNames(16);
    EventDispatcher dispatcher = new EventDispatcher(names);
    dispatcher.add(new AverageWindowCounter("payload", Duration.ofSeconds(10)));
    dispatcher.add(new MaxWindowCounter("payload_max", List.of("payload")));
    dispatcher.value(names.id("payload"), 3, 0);
    Snapshot snapshot = new Snapshot(dispatcher.values(0), 0, 0);
    assertThat(snapshot.values()).containsEntry("payload", new CounterValue.Average(3.0, 1))
        .containsEntry("payload_max", new CounterValue.Max(3));
    assertThat(snapshot.sinceStart()).containsOnlyKeys("payload").containsEntry("payload", new CountAndSum(1, 3, Unit.RAW));
    Snapshot expired = new Snapshot(dispatcher.values(20 * S), 0, 0);
    assertThat(expired.value("payload")).isSameAs(CounterValue.empty());
    assertThat(expired.sinceStart()).containsEntry("payload", new CountAndSum(1, 3, Unit.RAW));
  }
}
