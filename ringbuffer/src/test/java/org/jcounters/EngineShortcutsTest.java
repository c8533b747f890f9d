package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shortcuts on an engine of the test's own, with a clock the test moves: nothing on the default engine. */
class EngineShortcutsTest {
  private final ManualClock clock = new ManualClock();
  private final JCounters engine = JCounters.builder().clock(clock).fullRingPolicy(FullRingPolicy.WAIT).build();
  private final EngineShortcuts shortcuts = engine.shortcuts();

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @Test
  void shouldTimeBlocksByTheInjectedClock() throws Exception {
    shortcuts.time("render", () -> clock.advanceMillis(250));
    try (Shortcuts.Scope scope = shortcuts.time("render")) {
      assertThat(scope).isNotNull();
      clock.advanceMillis(750);
    }
    String reply = shortcuts.timeCall("render", () -> "done");

    assertThat(reply).isEqualTo("done");
    assertThat(engine.counter("render")).isInstanceOf(AverageTimeCounter.class);
    assertThat((Double) engine.snapshot().reportValue("render")).isCloseTo((0.25 + 0.75 + 0) / 3, within(1e-9));
  }

  @Test
  void shouldFindEachNamesScopeWhateverTheStringInstanceAndAmongManyNames() {
    // 500 names: many share a slot of the scopes' small table (64 slots) and are found through the map.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        String name = new String("block_" + i); // a new instance each time: found by equality, not identity
        try (Shortcuts.Scope scope = shortcuts.time(name)) {
          assertThat(scope.name).isEqualTo(name);
          clock.advanceMillis(i);
        }
      }
    }
    try (Shortcuts.Scope literal = shortcuts.time("same_name");
        Shortcuts.Scope copy = shortcuts.time(new String("same_name"))) {
      assertThat(literal).isSameAs(copy);
    }

    var snapshot = engine.snapshot();
    for (int i = 0; i < 500; i++) {
      assertThat(engine.counter("block_" + i)).isInstanceOf(AverageTimeCounter.class);
      assertThat(((Number) snapshot.reportValue("block_" + i)).doubleValue()).isCloseTo(i / 1000.0, within(1e-9));
    }
  }

  @Test
  void shouldRegisterEachDefaultCounterOnThisEngine() {
    shortcuts.frequency("requests", () -> {});
    shortcuts.occurrence("hits");
    shortcuts.count("rows", 3);
    shortcuts.count("rows");
    shortcuts.value("bytes", 10);
    shortcuts.value("bytes", 30);
    shortcuts.value("total", 5, TotalCounter::new);
    shortcuts.value("total", 7, TotalCounter::new);

    assertThat(engine.counter("requests")).isInstanceOf(FrequencyCounter.class);
    assertThat(engine.counter("hits")).isInstanceOf(FrequencyCounter.class);
    assertThat(engine.counter("rows")).isInstanceOf(EventCounter.class);
    assertThat(engine.counter("bytes")).isInstanceOf(AverageWindowCounter.class);
    var snapshot = engine.snapshot();
    assertThat(((Number) snapshot.reportValue("rows")).longValue()).isEqualTo(4);
    assertThat(((Number) snapshot.reportValue("bytes")).doubleValue()).isEqualTo(20.0);
    assertThat(((Number) snapshot.reportValue("total")).longValue()).isEqualTo(12);
  }

  @Test
  void shouldBeOnePerEngine() {
    assertThat(engine.shortcuts()).isSameAs(shortcuts);
    assertThat(JCounters.defaultInstance().shortcuts()).isNotSameAs(shortcuts);
  }
}
