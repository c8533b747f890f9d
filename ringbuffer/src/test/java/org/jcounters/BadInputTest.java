package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error naming the problem, and loses nothing already counted. */
class BadInputTest {

  @Test
  void shouldRejectNullAndEmptyNames() {
    try (JCounters engine = JCounters.builder().build()) {
      assertThatThrownBy(() -> engine.id(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
      assertThatThrownBy(() -> engine.id("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
      assertThatThrownBy(() -> engine.value((String) null, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event name");
      assertThatThrownBy(() -> new TotalCounter("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counter name");
      assertThatThrownBy(() -> new TotalCounter("t", List.of("a", ""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event name");
    }
  }

  @Test
  void shouldRejectIdsTheEngineNeverIssued() {
    try (JCounters engine = JCounters.builder().maxEventNames(100).build()) {
      int issued = engine.id("issued");
      assertThatThrownBy(() -> engine.value(issued + 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event id " + (issued + 1));
      assertThatThrownBy(() -> engine.start(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event id -1");
      assertThatThrownBy(() -> engine.end(100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event id 100");
    }
  }

  @Test
  void shouldRejectADuplicateCounterNameAndKeepTheFirstCounting() {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      engine.register(new TotalCounter("total"));
      engine.value("total", 5);
      assertThatThrownBy(() -> engine.register(new TotalCounter("total")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'total' is already registered");
      assertThat(engine.registerIfAbsent(new TotalCounter("total"))).isFalse();
      engine.value("total", 7);
      assertThat(engine.snapshot().reportValue("total")).isEqualTo(12L);
    }
  }

  @Test
  void shouldRejectNonPositiveSizes() {
    assertThatThrownBy(() -> JCounters.builder().ringCapacity(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ring capacity");
    assertThatThrownBy(() -> JCounters.builder().ringCapacity(-64)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ring capacity");
    assertThatThrownBy(() -> JCounters.builder().ringCapacity(1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    assertThatThrownBy(() -> JCounters.builder().maxEventNames(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event names");
    assertThatThrownBy(() -> new AverageWindowCounter("w", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> new AverageWindowCounter("w", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
  }

  @Test
  void shouldFailClearlyWhenEventNamesRunOutAndKeepCounting() {
    try (JCounters engine = JCounters.builder().maxEventNames(2).fullRingPolicy(FullRingPolicy.WAIT).build()) {
      engine.register(new TotalCounter("a"));
      engine.value("a", 1);
      engine.id("b");
      assertThatThrownBy(() -> engine.id("c")).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many event names");
      engine.value("a", 1);
      assertThat(engine.snapshot().reportValue("a")).isEqualTo(2L);
    }
  }
}
