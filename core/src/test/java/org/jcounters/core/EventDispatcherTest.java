package org.jcounters.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
  private final EventNames names = new EventNames(64);
  private final EventDispatcher dispatcher = new EventDispatcher(names);

  /** Writes down every callback it gets, to check what the dispatcher delivers and in which order. */
  private static final class Recorder extends Counter {
    final List<String> calls = new ArrayList<>();

    Recorder(String name) {
      super(name);
    }

    Recorder(String name, List<String> events) {
      super(name, events);
    }

    @Override
    public void onValue(int event, long value, long nowNanos) {
      calls.add("value " + events().get(event) + " " + value + " @" + nowNanos);
    }

    @Override
    public void onOccurrence(int event, long nowNanos) {
      calls.add("occurrence " + events().get(event) + " @" + nowNanos);
    }

    @Override
    public void onTiming(int event, long durationNanos, long nowNanos) {
      calls.add("timing " + events().get(event) + " " + durationNanos + " @" + nowNanos);
    }

    @Override
    public void onStart(int event, long source, long nanoTime) {
      calls.add("start " + events().get(event) + " on " + source + " @" + nanoTime);
    }

    @Override
    public void onEnd(int event, long source, long nanoTime) {
      calls.add("end " + events().get(event) + " on " + source + " @" + nanoTime);
    }

    @Override
    public void onSourceClosed(long source) {
      calls.add("closed " + source);
    }

    @Override
    public CounterValue value(long nowNanos) {
      return calls.isEmpty() ? CounterValue.empty() : new CounterValue.LongSum(calls.size());
    }

    /** Raises through the sink a counter gets when registered. */
    void raiseValue(String event, long value, long nowNanos) {
      sink().value(event, value, nowNanos);
    }

    void raiseTiming(String event, long durationNanos, long nowNanos) {
      sink().timing(event, durationNanos, nowNanos);
    }
  }

  @Test
  void shouldRouteEachEventToTheCountersListeningToItWithItsIndexInTheirList() {
    Recorder both = new Recorder("both", List.of("a", "b"));
    Recorder onlyB = new Recorder("onlyB", List.of("b"));
    dispatcher.add(both);
    dispatcher.add(onlyB);

    dispatcher.value(names.id("a"), 5, 100);
    dispatcher.occurrence(names.id("b"), 200);

    assertThat(both.calls).containsExactly("value a 5 @100", "occurrence b @200");
    assertThat(onlyB.calls).containsExactly("occurrence b @200");
  }

  @Test
  void shouldHaveNoListenersForAnEventNoCounterListensTo() {
    dispatcher.add(new Recorder("a"));
    int other = names.id("other");
    assertThat(dispatcher.hasListeners(names.id("a"))).isTrue();
    assertThat(dispatcher.hasListeners(other)).isFalse();
    assertThat(dispatcher.hasListeners(-1)).isFalse();
    assertThat(dispatcher.hasListeners(10_000)).isFalse();
    dispatcher.value(other, 1, 0);
    dispatcher.value(-1, 1, 0); // an id never interned is ignored, not a crash of the drainer
  }

  @Test
  void shouldDeliverAMatchedEndAsEndThenOccurrenceThenTiming() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    EventDispatcher.Source source = dispatcher.newSource(7);
    int id = names.id("r");

    dispatcher.start(id, source, 1_000, 1_100);
    dispatcher.end(id, source, 1_250, 1_300);

    assertThat(recorder.calls).containsExactly(
        "start r on 7 @1000", "end r on 7 @1250", "occurrence r @1300", "timing r 250 @1300");
  }

  @Test
  void shouldDeliverAnEndWithoutStartAsEndAndOccurrenceOnly() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    dispatcher.end(names.id("r"), dispatcher.newSource(1), 50, 60);
    assertThat(recorder.calls).containsExactly("end r on 1 @50", "occurrence r @60");
  }

  @Test
  void shouldPairNestedStartsOfTheSameEventInnermostFirst() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    EventDispatcher.Source source = dispatcher.newSource(1);
    int id = names.id("r");

    dispatcher.start(id, source, 0, 0);
    dispatcher.start(id, source, 10, 10);
    dispatcher.end(id, source, 15, 15);
    dispatcher.end(id, source, 30, 30);

    assertThat(recorder.calls).filteredOn(call -> call.startsWith("timing")).containsExactly("timing r 5 @15", "timing r 30 @30");
  }

  @Test
  void shouldPairStartsAndEndsPerSource() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    EventDispatcher.Source a = dispatcher.newSource(1);
    EventDispatcher.Source b = dispatcher.newSource(2);
    int id = names.id("r");

    dispatcher.start(id, a, 0, 0);
    dispatcher.start(id, b, 100, 100);
    dispatcher.end(id, a, 150, 150);
    dispatcher.end(id, b, 160, 160);

    assertThat(recorder.calls).filteredOn(call -> call.startsWith("timing")).containsExactly("timing r 150 @150", "timing r 60 @160");
  }

  @Test
  void shouldForgetOpenStartsAndTellCountersWhenASourceCloses() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    EventDispatcher.Source source = dispatcher.newSource(3);
    int id = names.id("r");
    dispatcher.start(id, source, 0, 0);
    assertThat(source.openStarts()).isEqualTo(1);

    dispatcher.closeSource(source);

    assertThat(source.openStarts()).isZero();
    assertThat(recorder.calls).endsWith("closed 3");
    dispatcher.end(id, source, 10, 10);
    assertThat(recorder.calls).noneMatch(call -> call.startsWith("timing"));
  }

  @Test
  void shouldKeepABoundedNumberOfOpenStartsPerEvent() {
    dispatcher.add(new Recorder("r"));
    EventDispatcher.Source source = dispatcher.newSource(1);
    int id = names.id("r");
    for (int i = 0; i < EventDispatcher.MAX_OPEN_STARTS + 10; i++) {
      dispatcher.start(id, source, i, i);
    }
    assertThat(source.openStarts()).isEqualTo(EventDispatcher.MAX_OPEN_STARTS);
  }

  @Test
  void shouldNotTrackStartsNoCounterListensTo() {
    EventDispatcher.Source source = dispatcher.newSource(1);
    dispatcher.start(names.id("nobody"), source, 0, 0);
    assertThat(source.openStarts()).isZero();
  }

  @Test
  void shouldRejectASecondCounterOfTheSameName() {
    dispatcher.add(new Recorder("r"));
    assertThatThrownBy(() -> dispatcher.add(new Recorder("r", List.of("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a counter named 'r' is already registered");
  }

  @Test
  void shouldStopFeedingAndDetachARemovedCounter() {
    Recorder recorder = new Recorder("r");
    Recorder listener = new Recorder("x");
    dispatcher.add(recorder);
    dispatcher.add(listener);

    assertThat(dispatcher.remove("r")).isSameAs(recorder);
    dispatcher.value(names.id("r"), 1, 0);
    recorder.raiseValue("x", 1, 0);

    assertThat(recorder.calls).isEmpty();
    assertThat(listener.calls).isEmpty();
    assertThat(dispatcher.hasListeners(names.id("r"))).isFalse();
    assertThat(dispatcher.counter("r")).isNull();
    assertThat(dispatcher.remove("r")).isNull();
  }

  @Test
  void shouldListValuesInRegistrationOrder() {
    dispatcher.add(new Recorder("z"));
    dispatcher.add(new Recorder("a"));
    dispatcher.value(names.id("a"), 1, 0);
    assertThat(dispatcher.values(0)).containsExactly(
        java.util.Map.entry("z", CounterValue.empty()), java.util.Map.entry("a", new CounterValue.LongSum(1)));
  }

  @Test
  void shouldDeliverRaisedValuesAndTimingsToTheirListenersAtOnce() {
    Recorder raiser = new Recorder("raiser");
    Recorder listener = new Recorder("raiser.x");
    dispatcher.add(raiser);
    dispatcher.add(listener);

    raiser.raiseValue("raiser.x", 4, 10);
    raiser.raiseTiming("raiser.x", 250, 20);
    raiser.raiseValue("nobody.listens", 4, 30);

    assertThat(listener.calls).containsExactly("value raiser.x 4 @10", "occurrence raiser.x @20", "timing raiser.x 250 @20");
  }

  @Test
  void shouldDropRaisedEventsBeyondTheDepthLimitInsteadOfOverflowingTheStack() {
    // A counter that re-raises every value it gets under its own name: an endless cycle.
    Counter echo = new Counter("echo") {
      long received;

      @Override
      public void onValue(int event, long value, long nowNanos) {
        received++;
        sink().value("echo", value, nowNanos);
      }

      @Override
      public CounterValue value(long nowNanos) {
        return new CounterValue.LongSum(received);
      }
    };
    dispatcher.add(echo);

    dispatcher.value(names.id("echo"), 1, 0);

    assertThat(dispatcher.raisedDropped()).isEqualTo(1);
    assertThat(echo.value(0)).isEqualTo(new CounterValue.LongSum(9)); // the event itself and 8 raised levels
  }
}
