package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventDispatcher;
import org.jcounters.core.EventNames;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class EventLoggerTest {
  private final EventDispatcher dispatcher = new EventDispatcher(new EventNames(64));
  private final EventDispatcher.Source thread = dispatcher.newSource(7);
  private final CapturingLogger logger = new CapturingLogger(Level.TRACE);

  /** Feeds the dispatcher one event of each kind for each of "req" and "other", as the drainer would. */
  private void reportEverything() {
    for (String name : List.of("req", "other")) {
      int id = dispatcher.names().id(name);
      dispatcher.value(id, 42, 100);
      dispatcher.start(id, thread, 100, 100);
      dispatcher.end(id, thread, 250, 300);
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
        "DEBUG req start source 7",
        "DEBUG req end source 7",
        "DEBUG req occurrence");
    assertThat(events.value(0)).isEqualTo(new CounterValue.LongSum(4));
  }

  @Test
  void shouldFilterByEventNameAndKindAtTheChosenLevel() {
    EventLogger events = new EventLogger("debug", List.of("req", "other"), logger, Level.INFO,
        Pattern.compile("re.*"), Pattern.compile("value|end"));
    dispatcher.add(events);

    reportEverything();

    assertThat(logger.lines).containsExactly("INFO req value 42", "INFO req end source 7");
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
  void shouldRejectAKindFilterThatMatchesNothing() {
    assertThatThrownBy(() -> new EventLogger("debug", List.of("req"), logger, Level.INFO, Pattern.compile(".*"), Pattern.compile("values")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches none of value, start, end, occurrence");
  }
}
