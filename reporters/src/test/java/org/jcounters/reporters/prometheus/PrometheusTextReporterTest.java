package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.reporters.prometheus.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusTextReporterTest {
  @TempDir Path dir;

  @Test
  void shouldReplaceTheFileWithClientJavasTextOfEachReport() throws Exception {
    Path file = dir.resolve("server.prom");
    PrometheusTextReporter reporter = new PrometheusTextReporter(file);

    reporter.report(Report.of(PrometheusMappingTest.everyKind()));
    String text = Files.readString(file);
    assertThat(text).contains("# TYPE jcounters_requests_total counter\n").contains("jcounters_latency_seconds_count 3\n");
    Optional<Path> promtool = Promtool.binary("promtool");
    if (promtool.isPresent()) {
      Promtool.Result check = Promtool.checkMetrics(promtool.get(), Files.readAllBytes(file));
      assertThat(check.exitCode()).as(check.output()).isZero();
    }

    reporter.report(new Report(Map.of("peak", new CounterValue.Max(3)), 0, 0, Map.of()));
    assertThat(Files.readString(file)).contains("# TYPE jcounters_peak gauge\njcounters_peak 3.0\n").doesNotContain("requests");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void shouldFailClearlyWhenTheDirectoryIsMissingAndWorkOnceItExists() throws Exception {
    Path missing = dir.resolve("textfile");
    PrometheusTextReporter reporter = new PrometheusTextReporter(missing.resolve("server.prom"), PrometheusMapping.builder().prefix("app_").build());
    Report report = new Report(Map.of("peak", new CounterValue.Max(17)), 0, 0, Map.of());
    assertThatThrownBy(() -> reporter.report(report))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write the Prometheus text to " + missing.resolve("server.prom") + ": directory " + missing + " does not exist");

    Files.createDirectory(missing);
    reporter.report(report);
    assertThat(Files.readString(reporter.path())).contains("app_peak 17.0\n");
  }
}
