package org.jcounters.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

class EventNamesTest {
  @Test
  void shouldAcceptANameOfExactlyTheLimit() {
    String longest = "n".repeat(EventNames.MAX_NAME_CHARS);
    assertThat(new TotalCounter(longest).name()).hasSize(EventNames.MAX_NAME_CHARS);
    assertThat(new EventNames(4).id(longest)).isZero();
  }

  @Test
  void shouldRefuseAnOverLongCounterNameWhereTheCounterIsMade() {
    String tooLong = "n".repeat(1 << 20);
    assertThatThrownBy(() -> new TotalCounter(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter name is 1048576 chars long, the limit is " + EventNames.MAX_NAME_CHARS);
    assertThatThrownBy(() -> new TotalCounter("ok", List.of("x".repeat(EventNames.MAX_NAME_CHARS + 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event name of counter 'ok' is " + (EventNames.MAX_NAME_CHARS + 1) + " chars long");
    assertThatThrownBy(() -> new EventNames(4).id(tooLong)).hasMessageContaining("the limit is");
  }
}
