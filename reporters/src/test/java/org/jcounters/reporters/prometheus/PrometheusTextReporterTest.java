package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.jcounters.core.CounterValue;
import org.jcounters.reporters.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusTextReporterTest {
  @TempDir Path dir;

  @Test
  void shouldReplaceTheFileWithTheTextOfEachReport() throws Exception {
    Path file = dir.resolve("server.prom");
    PrometheusTextReporter reporter = new PrometheusTextReporter(file);

    reporter.report(PrometheusTextTest.everyKind());
    assertThat(Files.readString(file)).isEqualTo(PrometheusTextTest.EVERY_KIND);

    reporter.report(new Report(Map.of("peak", new CounterValue.Max(3)), 0, 0, Map.of()));
    assertThat(Files.readString(file)).startsWith("# HELP jcounters_peak").contains("jcounters_peak 3\n").endsWith("jcounters_dropped_events_total 0\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void shouldFailClearlyWhenTheDirectoryIsMissingAndWorkOnceItExists() throws Exception {
    Path missing = dir.resolve("textfile");
    PrometheusTextReporter reporter = new PrometheusTextReporter(missing.resolve("server.prom"), new PrometheusText("app_"));
    assertThatThrownBy(() -> reporter.report(PrometheusTextTest.everyKind()))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write the Prometheus text to " + missing.resolve("server.prom") + ": directory " + missing + " does not exist");

    Files.createDirectory(missing);
    reporter.report(PrometheusTextTest.everyKind());
    assertThat(Files.readString(reporter.path())).contains("app_peak 17\n");
  }
}
