package org.jcounters.reporters.munin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Munin graph row names one label set of a family counter by its key. */
class MuninLabelsTest {
  private static final double COLLECTED = 1_712_345_678.0;

  @TempDir Path dir;

  @Test
  void shouldShowTheNamedLabelSetsOfAFamilyCounter() throws IOException {
    Path report = dir.resolve("report.json");
    new JsonFileReporter(report).report(new Report(Map.of("http_requests", new CounterValue.Labelled(List.of("method", "status"),
        Map.of("method=GET,status=200", new CounterValue.LongSum(120), "method=GET,status=500", new CounterValue.LongSum(3)))),
        0, COLLECTED, Map.of()));
    Path graphs = Files.writeString(dir.resolve("graphs.json"), """
        [{"id": "http", "global": {"title": "Requests"},
          "data": [{"counter": "http_requests", "labels": "method=GET,status=200", "label": "GET 200"},
                   {"counter": "http_requests", "labels": "method=GET,status=500", "label": "GET 500"},
                   {"counter": "http_requests", "labels": "method=PUT,status=200", "label": "PUT 200"}]}]
        """);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(Math.round(COLLECTED * 1000)), ZoneOffset.UTC);
    MuninPlugin plugin = new MuninPlugin(report, MuninPlugin.readGraphs(graphs), MuninPlugin.DEFAULT_MAX_REPORT_AGE, clock);
    assertThat(plugin.config()).contains("http_requests_method_GET_status_200.label GET 200\n")
        .doesNotContain("labels");
    assertThat(plugin.data()).isEqualTo("""
        multigraph http
        http_requests_method_GET_status_200.value 120
        http_requests_method_GET_status_500.value 3
        http_requests_method_PUT_status_200.value U
        """);
  }
}
