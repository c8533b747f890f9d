package org.jcounters.internal.core;

import org.jcounters.core.FoldedEvents;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Counter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
  private final EventNames names = new EventNames(64);
  private final EventDispatcher dispatcher = new EventDispatcher(names);

  /** Writes down every callback it gets, to check what the dispatcher delivers and in which order. */
  private static class Recorder extends Counter {
    final List<String> calls = new ArrayList<>();

    Recorder(String name) {
      super(name);
    }

    Recorder(String name, List<String> events) {
      super(name, events);
    }

    @Override
    public void onValues(int event, FoldedEvents values, long nowNanos) {
      calls.add("values " + events().get(event) + " " + values.count() + " @" + nowNanos);
    }

    @Override
    public void onOccurrences(int event, long count, long nowNanos) {
      calls.add("occurrences " + events().get(event) + " " + count + " @" + nowNanos);
    }

    @Override
    public void onTimings(int event, FoldedEvents durations, long nowNanos) {
      calls.add("timings " + events().get(event) + " " + durations.count() + " sum " + durations.sum() + " @" + nowNanos);
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
    public void onStart(int event, long threadId, long nanoTime) {
      calls.add("start " + events().get(event) + " on " + threadId + " @" + nanoTime);
    }

    @Override
    public void onEnd(int event, long threadId, long nanoTime) {
      calls.add("end " + events().get(event) + " on " + threadId + " @" + nanoTime);
    }

    @Override
    public void onThreadEnded(long threadId) {
      calls.add("closed " + threadId);
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

  /** A recorder that follows threads, as a ThreadTimeCategorizer does. */
  private static final class Follower extends Recorder {
    Follower(String name, List<String> events) {
      super(name, events);
    }

    @Override
    protected boolean followsThreads() {
      return true;
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
  void shouldDeliverABlockAsAnOccurrenceThenATiming() {
    Recorder recorder = new Recorder("r");
    dispatcher.add(recorder);
    int id = names.id("r");

    assertThat(dispatcher.timing(id, 250, 1_300)).isTrue();

    assertThat(recorder.calls).containsExactly("occurrence r @1300", "timing r 250 @1300");
  }

  @Test
  void shouldGiveRawStartsAndEndsOnlyToCountersThatFollowThreadsAndBlocksOnlyToTheOthers() {
    Recorder durations = new Recorder("durations", List.of("r"));
    Follower follower = new Follower("follower", List.of("r"));
    dispatcher.add(durations);
    dispatcher.add(follower);
    int id = names.id("r");

    assertThat(dispatcher.start(id, 7, 1_000)).isTrue();
    assertThat(dispatcher.end(id, 7, 1_250)).isTrue();
    assertThat(dispatcher.timing(id, 250, 1_300)).isTrue();

    assertThat(follower.calls).containsExactly("start r on 7 @1000", "end r on 7 @1250");
    assertThat(durations.calls).containsExactly("occurrence r @1300", "timing r 250 @1300");
  }

  @Test
  void shouldGiveValuesAndOccurrencesToEveryListenerThoseFollowingThreadsIncluded() {
    Recorder durations = new Recorder("durations", List.of("r"));
    Follower follower = new Follower("follower", List.of("r"));
    dispatcher.add(durations);
    dispatcher.add(follower);
    int id = names.id("r");
    FoldedEvents folded = new FoldedEvents().set(3, 6, 1, 3, null);

    dispatcher.value(id, 5, 10);
    dispatcher.occurrence(id, 20);
    dispatcher.values(id, folded, 30);
    dispatcher.occurrences(id, 4, 40);

    List<String> expected = List.of("value r 5 @10", "occurrence r @20", "values r 3 @30", "occurrences r 4 @40");
    assertThat(durations.calls).isEqualTo(expected);
    assertThat(follower.calls).isEqualTo(expected);
  }

  @Test
  void shouldDeliverFoldedBlocksAsOccurrencesThenTimingsSkippingCountersThatFollowThreads() {
    Recorder durations = new Recorder("durations", List.of("r"));
    Follower follower = new Follower("follower", List.of("r"));
    dispatcher.add(durations);
    dispatcher.add(follower);

    dispatcher.timings(names.id("r"), new FoldedEvents().set(3, 600, 100, 300, null), 1_000);

    assertThat(durations.calls).containsExactly("occurrences r 3 @1000", "timings r 3 sum 600 @1000");
    assertThat(follower.calls).isEmpty();
  }

  @Test
  void shouldReplayFoldedEventsThroughTheSingleEventCallbacksByDefault() {
    List<String> calls = new ArrayList<>();
    Counter plain = new Counter("r") {
      @Override
      public void onValue(int event, long value, long nowNanos) {
        calls.add("value " + value + " @" + nowNanos);
      }

      @Override
      public void onOccurrence(int event, long nowNanos) {
        calls.add("occurrence @" + nowNanos);
      }

      @Override
      public void onTiming(int event, long durationNanos, long nowNanos) {
        calls.add("timing " + durationNanos + " @" + nowNanos);
      }

      @Override
      public CounterValue value(long nowNanos) {
        return CounterValue.empty();
      }
    };
    dispatcher.add(plain);
    int id = names.id("r");

    dispatcher.values(id, new FoldedEvents().set(3, -3, -5, 4, null), 10);
    dispatcher.occurrences(id, 2, 20);
    dispatcher.timings(id, new FoldedEvents().set(2, 30, 10, 20, null), 30);

    assertThat(calls).containsExactly(
        "value -5 @10", "value 4 @10", "value -2 @10",
        "occurrence @20", "occurrence @20",
        "occurrence @30", "occurrence @30", "timing 10 @30", "timing 20 @30");
  }

  @Test
  void shouldTellEveryCounterWhenAThreadEnds() {
    Recorder durations = new Recorder("durations", List.of("r"));
    Follower follower = new Follower("follower", List.of("r"));
    dispatcher.add(durations);
    dispatcher.add(follower);

    dispatcher.threadEnded(3);

    assertThat(durations.calls).containsExactly("closed 3");
    assertThat(follower.calls).containsExactly("closed 3");
  }

  @Test
  void shouldSayWhetherAnyoneListenedAndHow() {
    int nobody = names.id("nobody");
    assertThat(dispatcher.value(nobody, 1, 0)).isFalse();
    assertThat(dispatcher.occurrence(nobody, 0)).isFalse();
    assertThat(dispatcher.timing(nobody, 1, 0)).isFalse();
    assertThat(dispatcher.start(nobody, 1, 0)).isFalse();
    assertThat(dispatcher.end(nobody, 1, 0)).isFalse();
    assertThat(dispatcher.start(-1, 1, 0)).isFalse(); // an id never interned
    assertThat(dispatcher.listening(nobody)).isZero();

    dispatcher.add(new Recorder("durations", List.of("d", "both")));
    dispatcher.add(new Follower("follower", List.of("f", "both")));
    assertThat(dispatcher.value(names.id("d"), 1, 0)).isTrue();
    assertThat(dispatcher.occurrence(names.id("d"), 0)).isTrue();
    assertThat(dispatcher.timing(names.id("d"), 1, 0)).isTrue();
    assertThat(dispatcher.start(names.id("f"), 1, 0)).isTrue();
    assertThat(dispatcher.end(names.id("f"), 1, 0)).isTrue();
    assertThat(dispatcher.listening(names.id("d"))).isEqualTo(EventDispatcher.TAKES_DURATIONS);
    assertThat(dispatcher.listening(names.id("f"))).isEqualTo(EventDispatcher.FOLLOWS_THREADS);
    assertThat(dispatcher.listening(names.id("both")))
        .isEqualTo(EventDispatcher.TAKES_DURATIONS | EventDispatcher.FOLLOWS_THREADS);
  }

  @Test
  void shouldReplaceACounterAddedUnderTheNameOfOneStillThere() {
    Recorder first = new Recorder("r");
    Recorder second = new Recorder("r", List.of("x"));
    Recorder listener = new Recorder("r.raised");
    dispatcher.add(first);
    dispatcher.add(listener);
    dispatcher.add(second);

    dispatcher.value(names.id("r"), 1, 0);
    dispatcher.value(names.id("x"), 2, 0);
    first.raiseValue("r.raised", 3, 0); // detached: its raises go nowhere

    assertThat(first.calls).isEmpty();
    assertThat(second.calls).containsExactly("value x 2 @0");
    assertThat(listener.calls).isEmpty();
    assertThat(dispatcher.hasListeners(names.id("r"))).isFalse();
    assertThat(dispatcher.counter("r")).isSameAs(second);
    assertThat(dispatcher.values(0)).containsOnlyKeys("r", "r.raised");
    assertThat(dispatcher.remove(first)).isFalse(); // the former counter's removal leaves its successor
    assertThat(dispatcher.counter("r")).isSameAs(second);
    assertThat(dispatcher.remove(second)).isTrue();
    assertThat(dispatcher.counter("r")).isNull();
  }

  @Test
  void shouldStopFeedingAndDetachARemovedCounter() {
    Recorder recorder = new Recorder("r");
    Recorder listener = new Recorder("x");
    dispatcher.add(recorder);
    dispatcher.add(listener);

    assertThat(dispatcher.remove(recorder)).isTrue();
    dispatcher.value(names.id("r"), 1, 0);
    recorder.raiseValue("x", 1, 0);

    assertThat(recorder.calls).isEmpty();
    assertThat(listener.calls).isEmpty();
    assertThat(dispatcher.hasListeners(names.id("r"))).isFalse();
    assertThat(dispatcher.counter("r")).isNull();
    assertThat(dispatcher.remove(recorder)).isFalse();
  }

  @Test
  void shouldLetACounterThatThrowsAnErrorMissTheEventWhileTheOthersGetIt() {
    Counter failing = new Counter("failing", List.of("r")) {
      @Override
      public void onValue(int event, long value, long nowNanos) {
        throw new OutOfMemoryError("test");
      }

      @Override
      public void onTiming(int event, long durationNanos, long nowNanos) {
        throw new IllegalStateException("timing");
      }

      @Override
      public CounterValue value(long nowNanos) {
        return CounterValue.empty();
      }
    };
    Recorder after = new Recorder("after", List.of("r"));
    List<String> failures = new ArrayList<>();
    dispatcher.onCounterFailure((counter, event, failure) -> failures.add(counter.name() + " " + event + " " + failure));
    dispatcher.add(failing);
    dispatcher.add(after);
    int id = names.id("r");

    assertThat(dispatcher.value(id, 5, 10)).isTrue();
    assertThat(dispatcher.timing(id, 7, 20)).isTrue();
    dispatcher.values(id, new FoldedEvents().set(2, 3, 1, 2, null), 30); // replayed by default: throws too

    assertThat(after.calls).containsExactly("value r 5 @10", "occurrence r @20", "timing r 7 @20", "values r 2 @30");
    assertThat(dispatcher.counterFailures()).isEqualTo(3);
    assertThat(failures).containsExactly(
        "failing r java.lang.OutOfMemoryError: test",
        "failing r java.lang.IllegalStateException: timing",
        "failing r java.lang.OutOfMemoryError: test");
  }

  @Test
  void shouldGoOnWhenTheFailureHandlerItselfThrows() {
    dispatcher.add(new Counter("failing", List.of("r")) {
      @Override
      public void onOccurrence(int event, long nowNanos) {
        throw new IllegalStateException("occurrence");
      }

      @Override
      public CounterValue value(long nowNanos) {
        return CounterValue.empty();
      }
    });
    Recorder after = new Recorder("after", List.of("r"));
    dispatcher.add(after);
    dispatcher.onCounterFailure((counter, event, failure) -> {
      throw new IllegalArgumentException("handler");
    });

    dispatcher.occurrence(names.id("r"), 1);

    assertThat(after.calls).containsExactly("occurrence r @1");
    assertThat(dispatcher.counterFailures()).isEqualTo(1);
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
