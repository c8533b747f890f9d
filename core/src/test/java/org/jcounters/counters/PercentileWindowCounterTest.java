package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.Distribution.Unit;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class PercentileWindowCounterTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long NS = 1;

  private final EventNames names = new EventNames(16);
  private final EventDispatcher dispatcher = new EventDispatcher(names);

  private PercentileWindowCounter add(PercentileWindowCounter counter) {
    dispatcher.add(counter);
    return counter;
  }

  @Test
  void shouldReportThePercentilesOfRawValues() {
    PercentileWindowCounter sizes = add(PercentileWindowCounter.ofValues("size").build());
    int size = names.id("size");
    for (long v = 1; v <= 200; v++) {
      dispatcher.value(size, v, 0); // 1..200: exact at 2 digits (up to 2 x 10^2)
    }
    // Nearest rank: p50 is the 100th value, p90 the 180th, p99 the 198th, p99.9 the ceil(199.8) = 200th.
    assertThat(sizes.value(0).reportValue()).isEqualTo(Map.of(
        "count", 200L, "p50", 100L, "p90", 180L, "p99", 198L, "p999", 200L, "max", 200L));
    assertThat(((Distribution) sizes.value(0)).sum()).isEqualTo(20_100);
  }

  @Test
  void shouldReportThePercentilesOfBlockDurationsInSeconds() {
    PercentileWindowCounter requests = add(PercentileWindowCounter.ofTimings("request").build());
    int request = names.id("request");
    long now = 0;
    for (long millis : new long[] {4, 1, 3, 2}) {
      now += millis * MS;
      dispatcher.timing(request, millis * MS, now);
    }
    // At 2 digits each duration is reported as the top of its sub-bucket:
    //   2 ms: [2^20, 2^21) ns has 8,192 ns sub-buckets, 2,000,000 is in [1,998,848, 2,007,039];
    //   4 ms: [2^21, 2^22) ns has 16,384 ns sub-buckets, 4,000,000 is in [3,997,696, 4,014,079].
    // Of 4 blocks p50 is the 2nd longest from the bottom (2 ms); p90, p99, p99.9 the 4th (4 ms).
    assertThat(requests.value(now).reportValue()).isEqualTo(Map.of(
        "count", 4L, "p50", 0.002007039, "p90", 0.004014079, "p99", 0.004014079, "p999", 0.004014079, "max", 0.004014079));
    assertThat(((Distribution) requests.value(now)).sum()).isEqualTo(10 * MS); // exact
  }

  @Test
  void shouldTakeValueEventsAsNanosecondsWhenCountingTimings() {
    PercentileWindowCounter requests = add(PercentileWindowCounter.ofTimings("request").quantiles(0.5).build());
    dispatcher.value(names.id("request"), 150, 0); // 150 ns, exact at 2 digits
    assertThat(requests.value(0).reportValue()).isEqualTo(Map.of("count", 1L, "p50", 150e-9, "max", 150e-9));
  }

  @Test
  void shouldIgnoreTimingsAndOccurrencesWhenCountingValues() {
    PercentileWindowCounter sizes = add(PercentileWindowCounter.ofValues("size").build());
    int size = names.id("size");
    dispatcher.timing(size, S, S);
    dispatcher.occurrence(size, S);
    assertThat(sizes.value(S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldBeEmptyBeforeAnyValueAndAfterTheWindow() {
    PercentileWindowCounter sizes = add(PercentileWindowCounter.ofValues("size").build()); // 10 buckets of 30 s
    assertThat(sizes.value(0)).isSameAs(CounterValue.empty());
    dispatcher.value(names.id("size"), 5, 10 * S); // bucket [0 s, 30 s): leaves at 30 s + 300 s
    assertThat(sizes.value(330 * S - NS)).isNotSameAs(CounterValue.empty());
    assertThat(sizes.value(330 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldLetOldValuesLeaveTheWindowOnTime() {
    PercentileWindowCounter sizes = add(PercentileWindowCounter.ofValues("size").window(Duration.ofSeconds(60)).buckets(6).build());
    int size = names.id("size");
    dispatcher.value(size, 100, 5 * S); //  bucket [0 s, 10 s): leaves at 70 s
    dispatcher.value(size, 100, 9 * S);
    dispatcher.value(size, 10, 15 * S); // bucket [10 s, 20 s): leaves at 80 s
    dispatcher.value(size, 20, 25 * S); // bucket [20 s, 30 s): leaves at 90 s

    assertThat(sizes.value(70 * S - NS).reportValue()).isEqualTo(Map.of(
        "count", 4L, "p50", 20L, "p90", 100L, "p99", 100L, "p999", 100L, "max", 100L));
    assertThat(sizes.value(70 * S).reportValue()).isEqualTo(Map.of(
        "count", 2L, "p50", 10L, "p90", 20L, "p99", 20L, "p999", 20L, "max", 20L));
    assertThat(sizes.value(80 * S).reportValue()).isEqualTo(Map.of(
        "count", 1L, "p50", 20L, "p90", 20L, "p99", 20L, "p999", 20L, "max", 20L));
    assertThat(sizes.value(90 * S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldMergeTwoProcessesIntoTheDistributionOfBoth() {
    PercentileWindowCounter one = PercentileWindowCounter.ofTimings("request").build();
    PercentileWindowCounter other = PercentileWindowCounter.ofTimings("request").build();
    PercentileWindowCounter both = PercentileWindowCounter.ofTimings("request").build();
    long[] first = {120_000, 3 * MS, 3 * MS + 1, 250 * MS};
    long[] second = {90_000, 1 * MS, 7 * S};
    for (long nanos : first) {
      one.onTiming(0, nanos, 0);
      both.onTiming(0, nanos, 0);
    }
    for (long nanos : second) {
      other.onTiming(0, nanos, 0);
      both.onTiming(0, nanos, 0);
    }
    assertThat(one.value(0).merge(other.value(0))).isEqualTo(both.value(0));
  }

  @Test
  void shouldListenToTheGivenEventsWithTheGivenConfiguration() {
    PercentileWindowCounter io = add(PercentileWindowCounter.ofValues("io")
        .events(List.of("read", "write")).window(Duration.ofSeconds(10)).buckets(5)
        .significantDigits(3).highestTrackableValue(1L << 40).quantiles(0.25, 0.75).build());
    assertThat(io.events()).containsExactly("read", "write");
    assertThat(io.unit()).isEqualTo(Unit.RAW);
    assertThat(io.window()).isEqualTo(Duration.ofSeconds(10));
    assertThat(io.buckets()).isEqualTo(5);
    assertThat(io.significantDigits()).isEqualTo(3);
    assertThat(io.highestTrackableValue()).isEqualTo(1L << 40);
    assertThat(io.quantiles()).containsExactly(0.25, 0.75);

    dispatcher.value(names.id("read"), 1_000, 0); // exact at 3 digits (up to 2 x 10^3)
    dispatcher.value(names.id("write"), 1_999, 0);
    assertThat(io.value(0).reportValue()).isEqualTo(Map.of("count", 2L, "p25", 1_000L, "p75", 1_999L, "max", 1_999L));
  }

  @Test
  void shouldHaveTheDefaultsOfTheMission() {
    PercentileWindowCounter latency = PercentileWindowCounter.ofTimings("latency").build();
    assertThat(latency.events()).containsExactly("latency");
    assertThat(latency.unit()).isEqualTo(Unit.NANOSECONDS);
    assertThat(latency.window()).isEqualTo(Duration.ofSeconds(300));
    assertThat(latency.buckets()).isEqualTo(10);
    assertThat(latency.significantDigits()).isEqualTo(2);
    assertThat(latency.highestTrackableValue()).isEqualTo(3_600_000_000_000L);
    assertThat(latency.quantiles()).containsExactly(0.5, 0.9, 0.99, 0.999);
    assertThat(latency.footprintBytes()).isEqualTo(13 * 37_376L); // 11 buckets, the merge target and the since-start histogram
  }

  @Test
  void shouldRejectAConfigurationItCannotHonour() {
    PercentileWindowCounter.Builder builder = PercentileWindowCounter.ofValues("x");
    assertThatThrownBy(() -> builder.significantDigits(4))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("significant digits must be 0 to 3, got 4");
    assertThatThrownBy(() -> builder.highestTrackableValue(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the highest trackable value must be 2 to 4611686018427387903, got 1");
    assertThatThrownBy(() -> builder.buckets(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a sliding window needs a positive number of buckets, got 0");
    assertThatThrownBy(() -> builder.quantiles(0.5, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a quantile must be strictly between 0 and 1");
    assertThatThrownBy(() -> builder.quantiles(0.9, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("quantiles must be given in increasing order, without repeats: [0.9, 0.5]");
    assertThat(builder.build().quantiles()).containsExactly(0.5, 0.9, 0.99, 0.999); // refused settings changed nothing
  }
}
