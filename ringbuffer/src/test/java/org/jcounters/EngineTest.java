package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.TotalCounter;
import org.jcounters.counters.ValueAccumulator;
import org.junit.jupiter.api.Test;

/** Registration, listening, closing: the engine's contract around the hot path. */
class EngineTest {

  @Test
  void shouldLeaseNoRingForEventsNobodyListensTo() throws Exception {
    try (JCounters engine = JCounters.builder().build()) {
      int unheard = engine.id("unheard");
      Thread producer = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          engine.value(unheard, i);
          engine.start(unheard);
          engine.end(unheard);
          engine.occurrence(unheard);
        }
      });
      producer.start();
      producer.join();
      assertThat(engine.liveRings()).as("no ring was touched, not even leased").isZero();
      assertThat(engine.snapshot().droppedEvents()).isZero();
    }
  }

  @Test
  void shouldFeedACounterExactlyTheEventsReportedWhileItIsRegistered() throws Exception {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      int id = engine.id("late");
      engine.register(new TotalCounter("late")); // already listening: the id's flag is set throughout
      for (int round = 0; round < 100; round++) {
        String name = "late_" + round;
        engine.value(id, 1); // before the registration: not for the new counter
        engine.register(new TotalCounter(name, List.of("late")));
        engine.value(id, 1); // after it: for the new counter too
        engine.unregister(name);
        engine.value(id, 1); // after the unregistration: not for it any more
        assertThat(engine.unregister(name)).isNull();
        assertThat(engine.registerIfAbsent(new TotalCounter(name, List.of("late")))).isTrue();
        assertThat(engine.snapshot().reportValue(name)).as("a fresh counter of a reused name starts empty").isNull();
        engine.unregister(name);
      }
      assertThat(engine.snapshot().reportValue("late")).isEqualTo(300L);
    }
  }

  @Test
  void shouldStopFeedingAnUnregisteredCounterAndReportNullForEmptyOnes() {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      engine.register(new TotalCounter("kept"));
      engine.register(new EventCounter("dropped_later", List.of("kept")));
      engine.register(new TotalCounter("never_fed"));
      engine.value("kept", 2);
      assertThat(engine.unregister("dropped_later")).isInstanceOf(EventCounter.class);
      assertThat(engine.unregister("no_such_counter")).isNull();
      engine.value("kept", 3);

      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.values()).containsOnlyKeys("kept", "never_fed");
      assertThat(snapshot.reportValue("kept")).isEqualTo(5L);
      assertThat(snapshot.value("never_fed")).isEqualTo(CounterValue.empty());
      assertThat(snapshot.reportValue("never_fed")).isNull();
    }
  }

  @Test
  void shouldDrainEverythingOnCloseAndKeepTheFinalValues() throws Exception {
    JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build();
    engine.register(new TotalCounter("final"));
    int id = engine.id("final");
    ExactCountingTest.runConcurrently(4, thread -> {
      for (int i = 0; i < 10_000; i++) {
        engine.value(id, 1);
      }
    });
    engine.close();
    assertThat(engine.snapshot().reportValue("final")).isEqualTo(40_000L);
    engine.value(id, 1); // ignored: after close nobody listens
    engine.close();
    assertThat(engine.snapshot().reportValue("final")).isEqualTo(40_000L);
  }

  @Test
  void shouldRefuseASnapshotFromInsideACounter() throws Exception {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      CompletableFuture<Throwable> seen = new CompletableFuture<>();
      engine.register(new CallbackCounter("reentrant", () -> {
        try {
          engine.snapshot();
          seen.complete(null);
        } catch (Throwable t) {
          seen.complete(t);
        }
      }));
      engine.value("reentrant", 1);
      engine.snapshot();
      assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("drainer thread");
    }
  }

  @Test
  void shouldKeepCountingWhenACounterThrows() {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      engine.register(new CallbackCounter("faulty", () -> {
        throw new IllegalStateException("boom");
      }));
      engine.register(new TotalCounter("healthy", List.of("faulty")));
      for (int i = 0; i < 10; i++) {
        engine.value("faulty", 1);
      }
      assertThat(engine.snapshot().reportValue("healthy")).isEqualTo(10L);
    }
  }

  @Test
  void shouldReRaiseAValueAccumulatorsTotalsOnRequest() {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).build()) {
      engine.register(new ValueAccumulator("rows", List.of("db", "cache")));
      engine.register(new TotalCounter("rows.db"));
      engine.value("db", 3);
      engine.value("db", 4);
      engine.value("cache", 10);
      engine.raiseValueEvents("rows", true);
      engine.value("db", 1);
      engine.raiseValueEvents("rows", false);

      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.reportValue("rows.db")).isEqualTo(8L); // 7 raised, then the 1 accumulated after the clear
      assertThat(snapshot.reportValue("rows")).isEqualTo(Map.of("db", 1L));
      assertThatThrownBy(() -> engine.raiseValueEvents("rows.db", false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no ValueAccumulator named 'rows.db'");
    }
  }

  /** Runs a callback on each value event, on the drainer thread. */
  private static final class CallbackCounter extends Counter {
    private final Runnable onValue;

    CallbackCounter(String name, Runnable onValue) {
      super(name);
      this.onValue = onValue;
    }

    @Override
    public void onValue(int event, long value, long nowNanos) {
      onValue.run();
    }

    @Override
    public CounterValue value(long nowNanos) {
      return CounterValue.empty();
    }
  }

  @Test
  void shouldRejectRegistrationAfterClose() {
    JCounters engine = JCounters.builder().build();
    engine.close();
    assertThatThrownBy(() -> engine.register(new TotalCounter("too_late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void shouldLetTheApplicationsRegistrationReplaceADefaultCounter() {
    try (JCounters engine = JCounters.builder().build()) {
      int id = engine.id("chosen");
      assertThat(engine.registerDefault(new EventCounter("chosen"))).isTrue();
      assertThat(engine.registerDefault(new AverageWindowCounter("chosen"))).as("a counter of that name is there").isFalse();
      engine.value(id, 5); // counted by the default EventCounter: 5 occurrences
      assertThat(engine.snapshot().reportValue("chosen")).isEqualTo(5L);

      TotalCounter mine = new TotalCounter("chosen");
      engine.register(mine); // replaces the default: no "already registered"
      assertThat(engine.counter("chosen")).isSameAs(mine);
      engine.value(id, 7);
      assertThat(engine.snapshot().reportValue("chosen")).isEqualTo(7L);
      assertThatThrownBy(() -> engine.register(new TotalCounter("chosen")))
          .as("the application's own counter is not a default: a second one is refused")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
