package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.jcounters.core.CounterValue;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

/** The shortcuts report their event and register PyCounters' default counter only when none exists. */
class ShortcutsTest {

  @Test
  void shouldRegisterTheDefaultCounterOfEachShortcut() {
    Shortcuts.value("sc_value", 4);
    Shortcuts.value("sc_value", 6);
    Shortcuts.count("sc_count");
    Shortcuts.count("sc_count", 2);
    Shortcuts.occurrence("sc_occurrence");
    Shortcuts.time("sc_time", () -> {});
    Shortcuts.frequency("sc_frequency", () -> {});

    assertThat(JCounters.defaultInstance().counter("sc_value")).isInstanceOf(AverageWindowCounter.class);
    assertThat(JCounters.defaultInstance().counter("sc_count")).isInstanceOf(EventCounter.class);
    assertThat(JCounters.defaultInstance().counter("sc_occurrence")).isInstanceOf(FrequencyCounter.class);
    assertThat(JCounters.defaultInstance().counter("sc_time")).isInstanceOf(AverageTimeCounter.class);
    assertThat(JCounters.defaultInstance().counter("sc_frequency")).isInstanceOf(FrequencyCounter.class);

    var snapshot = Counters.snapshot();
    assertThat(snapshot.value("sc_value")).isEqualTo(new CounterValue.Average(5.0, 2));
    assertThat(snapshot.value("sc_count")).isEqualTo(new CounterValue.LongSum(3));
    assertThat(((CounterValue.Average) snapshot.value("sc_time")).count()).isEqualTo(1);
    assertThat((Double) snapshot.reportValue("sc_frequency")).isPositive();
    assertThat((Double) snapshot.reportValue("sc_occurrence")).isPositive();
  }

  @Test
  void shouldKeepACounterRegisteredUnderTheSameNameBefore() {
    Counters.register(new TotalCounter("sc_total"));
    Shortcuts.value("sc_total", 5);
    Shortcuts.value("sc_total", 5);
    assertThat(JCounters.defaultInstance().counter("sc_total")).isInstanceOf(TotalCounter.class);
    assertThat(Counters.snapshot().reportValue("sc_total")).isEqualTo(10L);
  }

  @Test
  void shouldUseTheGivenDefaultCounterInsteadOfTheShortcutsOwn() {
    Shortcuts.value("sc_custom", 5, TotalCounter::new);
    Shortcuts.value("sc_custom", 5, TotalCounter::new);
    assertThat(Counters.snapshot().reportValue("sc_custom")).isEqualTo(10L);
  }

  @Test
  void shouldReturnTheResultAndEndTheBlockWhenItThrows() {
    assertThat(Shortcuts.time("sc_supplier", () -> "done")).isEqualTo("done");
    assertThatThrownBy(() -> Shortcuts.timeCall("sc_callable", () -> {
      throw new IOException("disk gone");
    })).isInstanceOf(IOException.class).hasMessage("disk gone");
    var snapshot = Counters.snapshot();
    assertThat(((CounterValue.Average) snapshot.value("sc_supplier")).count()).isEqualTo(1);
    // The failing block was still ended, so its time is counted and no start is left open.
    assertThat(((CounterValue.Average) snapshot.value("sc_callable")).count()).isEqualTo(1);
  }

  @Test
  void shouldRegisterTheDefaultCounterAgainAfterItWasUnregistered() {
    Shortcuts.count("sc_again");
    Counters.unregister("sc_again");
    Shortcuts.count("sc_again");
    assertThat(Counters.snapshot().reportValue("sc_again")).isEqualTo(1L);
  }
}
