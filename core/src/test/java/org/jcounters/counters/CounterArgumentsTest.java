package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jcounters.core.Counter;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every counter type checks its name, its events and its window the same way. */
class CounterArgumentsTest {

  /** A counter type built from a name and a list of events. */
  static Stream<Arguments> everyCounterType() {
    return Stream.of(
        type("TotalCounter", TotalCounter::new, TotalCounter::new),
        type("EventCounter", EventCounter::new, EventCounter::new),
        type("ValueAccumulator", ValueAccumulator::new, ValueAccumulator::new),
        type("AverageWindowCounter", AverageWindowCounter::new, AverageWindowCounter::new),
        type("FrequencyCounter", FrequencyCounter::new, FrequencyCounter::new),
        type("WindowCounter", WindowCounter::new, WindowCounter::new),
        type("MaxWindowCounter", MaxWindowCounter::new, MaxWindowCounter::new),
        type("MinWindowCounter", MinWindowCounter::new, MinWindowCounter::new),
        type("AverageTimeCounter", AverageTimeCounter::new, AverageTimeCounter::new),
        type("PercentileWindowCounter of values", name -> PercentileWindowCounter.ofValues(name).build(),
            (name, events) -> PercentileWindowCounter.ofValues(name).events(events).build()),
        type("PercentileWindowCounter of timings", name -> PercentileWindowCounter.ofTimings(name).build(),
            (name, events) -> PercentileWindowCounter.ofTimings(name).events(events).build()),
        // A categorizer always takes its categories: alone, it listens to its own name as the only one.
        type("ThreadTimeCategorizer", name -> new ThreadTimeCategorizer(name, Collections.singletonList(name)), ThreadTimeCategorizer::new));
  }

  static Stream<Arguments> everyWindowCounterType() {
    return Stream.of(
        windowType("AverageWindowCounter", AverageWindowCounter::new, AverageWindowCounter::new, AverageWindowCounter::new, AverageWindowCounter::window),
        windowType("FrequencyCounter", FrequencyCounter::new, FrequencyCounter::new, FrequencyCounter::new, FrequencyCounter::window),
        windowType("WindowCounter", WindowCounter::new, WindowCounter::new, WindowCounter::new, WindowCounter::window),
        windowType("MaxWindowCounter", MaxWindowCounter::new, MaxWindowCounter::new, MaxWindowCounter::new, MaxWindowCounter::window),
        windowType("MinWindowCounter", MinWindowCounter::new, MinWindowCounter::new, MinWindowCounter::new, MinWindowCounter::window),
        windowType("AverageTimeCounter", AverageTimeCounter::new, AverageTimeCounter::new, AverageTimeCounter::new, AverageTimeCounter::window),
        windowType("PercentileWindowCounter", name -> PercentileWindowCounter.ofTimings(name).build(),
            (name, window) -> PercentileWindowCounter.ofTimings(name).window(window).build(),
            (name, events, window) -> PercentileWindowCounter.ofTimings(name).events(events).window(window).build(),
            PercentileWindowCounter::window));
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldListenToItsOwnNameByDefault(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThat(byName.apply("requests").events()).containsExactly("requests");
    assertThat(byName.apply("requests").name()).isEqualTo("requests");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldListenToTheEventsItIsGiven(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    Counter counter = byEvents.apply("c", List.of("a", "b"));
    assertThat(counter.name()).isEqualTo("c");
    assertThat(counter.events()).containsExactly("a", "b");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldRejectANullName(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThatThrownBy(() -> byName.apply(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter name must not be null");
    assertThatThrownBy(() -> byEvents.apply(null, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter name must not be null");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldRejectAnEmptyName(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThatThrownBy(() -> byName.apply(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter name must not be empty");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldRejectANullOrEmptyEventName(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThatThrownBy(() -> byEvents.apply("c", Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event name of counter 'c' must not be null");
    assertThatThrownBy(() -> byEvents.apply("c", List.of("a", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event name of counter 'c' must not be empty");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldRejectAnEmptyListOfEvents(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThatThrownBy(() -> byEvents.apply("c", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter 'c' must listen to at least one event name");
    assertThatThrownBy(() -> byEvents.apply("c", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("events");
  }

  @ParameterizedTest
  @MethodSource("everyCounterType")
  void shouldRejectAnEventNameListedTwice(Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    assertThatThrownBy(() -> byEvents.apply("c", List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter 'c' lists an event name twice: [a, b, a]");
  }

  @ParameterizedTest
  @MethodSource("everyWindowCounterType")
  void shouldDefaultToAWindowOf300SecondsAndKeepTheOneItIsGiven(WindowType type) {
    assertThat(type.window().apply(type.byName().apply("c"))).isEqualTo(Duration.ofSeconds(300));
    assertThat(type.window().apply(type.byWindow().apply("c", Duration.ofSeconds(42)))).isEqualTo(Duration.ofSeconds(42));
    assertThat(type.window().apply(type.byEventsAndWindow().create("c", List.of("a"), Duration.ofMillis(1500)))).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @MethodSource("everyWindowCounterType")
  void shouldRejectANonPositiveWindow(WindowType type) {
    assertThatThrownBy(() -> type.byWindow().apply("c", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got PT0S");
    assertThatThrownBy(() -> type.byEventsAndWindow().create("c", List.of("a"), Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, got PT-5S");
  }

  @ParameterizedTest
  @MethodSource("everyWindowCounterType")
  void shouldRejectAMissingWindow(WindowType type) {
    assertThatThrownBy(() -> type.byWindow().apply("c", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be null");
  }

  @ParameterizedTest
  @MethodSource("everyWindowCounterType")
  void shouldCheckTheNameBeforeTheWindow(WindowType type) {
    assertThatThrownBy(() -> type.byWindow().apply(null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter name must not be null");
  }

  /** A window counter type: its constructors by name, by name and window, by name, events and window; its window. */
  record WindowType(Function<String, Counter> byName, BiFunction<String, Duration, Counter> byWindow,
      WindowedFactory byEventsAndWindow, Function<Counter, Duration> window) {}

  /** Constructor {@code (String name, List<String> events, Duration window)}. */
  @FunctionalInterface
  interface WindowedFactory {
    Counter create(String name, List<String> events, Duration window);
  }

  private static Arguments type(String name, Function<String, Counter> byName, BiFunction<String, List<String>, Counter> byEvents) {
    return Arguments.of(Named.of(name, byName), byEvents);
  }

  @SuppressWarnings("unchecked")
  private static <C extends Counter> Arguments windowType(String name, Function<String, C> byName,
      BiFunction<String, Duration, C> byWindow, WindowedFactory byEventsAndWindow, Function<C, Duration> window) {
    return Arguments.of(Named.of(name, new WindowType(byName::apply, byWindow::apply, byEventsAndWindow,
        (Function<Counter, Duration>) (Function<?, ?>) window)));
  }
}
