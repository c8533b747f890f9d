package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogReporterTest {
  private static final Report REPORT = new Report(
      Map.of(
          "requests_time", new Average(0.00039, 10),
          "requests_data_len", new LongSum(1840),
          "__internal__", new LongSum(1),
          "idle", CounterValue.empty(),
          "by_kind", new Accumulated(Map.of("a", new LongSum(3), "b", new CounterValue.DoubleSum(0.5)))),
      7, 1712345678.25, Map.of("node-1", Map.of("requests_data_len", new LongSum(1840))));

  @Test
  void shouldLogOneLinePerCounterSortedByNameSkippingSpecialKeys() {
    CapturingLogger logger = new CapturingLogger(Level.TRACE);

    new LogReporter(logger).report(REPORT);

    assertThat(logger.lines).containsExactly(
        "INFO by_kind {\"a\":3,\"b\":0.5}",
        "INFO idle null",
        "INFO requests_data_len 1840",
        "INFO requests_time 0.00039");
  }

  @Test
  void shouldLogAtTheChosenLevel() {
    CapturingLogger logger = new CapturingLogger(Level.TRACE);

    new LogReporter(logger, Level.WARN).report(REPORT);

    assertThat(logger.lines).hasSize(4).allMatch(line -> line.startsWith("WARN "));
  }

  @Test
  void shouldLogNothingBelowTheLoggersLevel() {
    CapturingLogger logger = new CapturingLogger(Level.INFO);

    new LogReporter(logger, Level.DEBUG).report(REPORT);

    assertThat(logger.lines).isEmpty();
  }
}
