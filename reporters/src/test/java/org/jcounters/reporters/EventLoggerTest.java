package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.FoldedEvents;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class EventLoggerTest {
  private final EventDispatcher dispatcher = new EventDispatcher(new EventNames(64));
  private final long thread = 7;
  private final CapturingLogger logger = new CapturingLogger(Level.TRACE);

  /** Feeds the dispatcher one event of each kind for each of "req" and "other", as the drainer would. */
  private void reportEverything() {
    for (String name : List.of("req", "other")) {
      int id = dispatcher.names().id(name);
      dispatcher.value(id, 42, 100);
      dispatcher.start(id, thread, 100);
      dispatcher.end(id, thread, 250);
      dispatcher.timing(id, 150, 300); // the block's duration: for counters that do not follow threads
      dispatcher.occurrence(id, 300);
    }
  }

  @Test
  void shouldLogEveryEventOnceWithItsKind() {
    EventLogger events = new EventLogger("debug", List.of("req"), logger);
    dispatcher.add(events);

    reportEverything();

    assertThat(logger.lines).containsExactly(
        "DEBUG req value 42",
        "DEBUG req start thread 7",
        "DEBUG req end thread 7",
        "DEBUG req occurrence");
    assertThat(events.value(0)).isEqualTo(new CounterValue.LongSum(4));
  }

  @Test
  void shouldFilterByEventNameAndKindAtTheChosenLevel() {
    EventLogger events = new EventLogger("debug", List.of("req", "other"), logger, Level.INFO,
        Pattern.compile("re.*"), Pattern.compile("value|end"));
    dispatcher.add(events);

    reportEverything();

    assertThat(logger.lines).containsExactly("INFO req value 42", "INFO req end thread 7");
    assertThat(events.kinds()).containsExactlyInAnyOrder(EventLogger.Kind.VALUE, EventLogger.Kind.END);
  }

  @Test
  void shouldReportNullBeforeLoggingAnythingAndNotCountWhatTheLoggerDrops() {
    CapturingLogger quiet = new CapturingLogger(Level.WARN);
    EventLogger events = new EventLogger("debug", List.of("req"), quiet);
    dispatcher.add(events);

    reportEverything();

    assertThat(quiet.lines).isEmpty();
    assertThat(events.value(0)).isEqualTo(CounterValue.empty());
  }

  @Test
  void shouldFollowThreadsSoABlockIsLoggedAsItsStartAndEndOnly() {
    EventLogger events = new EventLogger("debug", List.of("req"), logger);
    dispatcher.add(events);
    int id = dispatcher.names().id("req");

    dispatcher.start(id, 3, 0);
    dispatcher.end(id, 3, 10);
    dispatcher.timing(id, 10, 20);
    dispatcher.timings(id, new FoldedEvents().set(2, 30, 10, 20, null), 30);

    assertThat(logger.lines).containsExactly("DEBUG req start thread 3", "DEBUG req end thread 3");
    assertThat(dispatcher.listening(id)).isEqualTo(EventDispatcher.FOLLOWS_THREADS);
  }

  @Test
  void shouldLogFoldedEventsAsOneSummaryLineEach() {
    EventLogger events = new EventLogger("debug", List.of("req"), logger);
    dispatcher.add(events);
    int id = dispatcher.names().id("req");

    dispatcher.values(id, new FoldedEvents().set(3, -6, -5, 2, null), 10);
    dispatcher.occurrences(id, 4, 20);

    assertThat(logger.lines).containsExactly("DEBUG req values 3 sum -6 min -5 max 2", "DEBUG req occurrences 4");
    assertThat(events.value(20)).isEqualTo(new CounterValue.LongSum(2));
  }

  @Test
  void shouldFilterFoldedEventsByKind() {
    EventLogger events = new EventLogger("debug", List.of("req"), logger, Level.INFO, Pattern.compile(".*"), Pattern.compile("value"));
    dispatcher.add(events);
    int id = dispatcher.names().id("req");

    dispatcher.occurrences(id, 4, 20);
    dispatcher.values(id, new FoldedEvents().set(1, 7, 7, 7, null), 30);

    assertThat(logger.lines).containsExactly("INFO req values 1 sum 7 min 7 max 7");
  }

  @Test
  void shouldRejectAKindFilterThatMatchesNothing() {
    assertThatThrownBy(() -> new EventLogger("debug", List.of("req"), logger, Level.INFO, Pattern.compile(".*"), Pattern.compile("values")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches none of value, start, end, occurrence");
  }
}
