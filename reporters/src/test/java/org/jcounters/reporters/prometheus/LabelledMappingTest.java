package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jcounters.core.EventFamily;
import org.jcounters.core.Report;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.counters.TotalCounter;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventFamilies;
import org.jcounters.internal.core.EventNames;
import org.jcounters.reporters.prometheus.testing.Promtool;
import org.junit.jupiter.api.Test;

/** Family counters in Prometheus: one data point per label set, the family's labels beside the mapping's own. */
class LabelledMappingTest {
  private static final long MS = 1_000_000L;

  static Snapshot labelled() {
    EventNames names = new EventNames(16);
    EventFamilies families = new EventFamilies(16, 64, set -> {});
    EventDispatcher dispatcher = new EventDispatcher(names, families);
    dispatcher.add(new TotalCounter("http_requests"));
    dispatcher.add(PercentileWindowCounter.ofTimings("http_latency").events(List.of("http_requests")).build());
    dispatcher.add(new AverageTimeCounter("http_avg", List.of("http_requests")));
    EventFamily requests = families.family("http_requests", names.id("http_requests"), 100, "method", "path");
    dispatcher.value(requests.id("GET", "/a\"b\\c"), 2 * MS, 0);
    dispatcher.value(requests.id("GET", "/a\"b\\c"), 4 * MS, 0);
    dispatcher.timing(requests.id("POST", "/x,y=z"), 8 * MS, 0);
    return new Snapshot(dispatcher.values(0), 0, 0);
  }

  @Test
  void shouldGiveEachLabelSetADataPointWithTheFamilysLabels() throws Exception {
    String text = PrometheusMappingTest.text(PrometheusMapping.defaults().translate(Report.of(labelled())));
    assertThat(text)
        .contains("# TYPE jcounters_http_requests_total counter\n")
        .contains("jcounters_http_requests_total{method=\"GET\",path=\"/a\\\"b\\\\c\"} 6000000.0\n")
        .contains("# TYPE jcounters_http_latency_seconds histogram\n")
        .contains("jcounters_http_latency_seconds_count{method=\"GET\",path=\"/a\\\"b\\\\c\"} 2\n")
        .contains("jcounters_http_latency_seconds_count{method=\"POST\",path=\"/x,y=z\"} 1\n")
        .contains("jcounters_http_latency_quantile_seconds{method=\"POST\",path=\"/x,y=z\",q=\"1\"} 0.008")
        .contains("jcounters_http_avg_seconds_count{method=\"GET\",path=\"/a\\\"b\\\\c\"} 2\n");
    // one family per name, whatever the number of label sets
    assertThat(text.split("# TYPE jcounters_http_latency_seconds histogram", -1)).hasSize(2);
  }

  @Test
  void shouldPassPromtoolCheckMetrics() throws Exception {
    Optional<Path> promtool = Promtool.binary("promtool");
    assumeThat(promtool).isPresent();
    byte[] text = PrometheusMappingTest.text(PrometheusMapping.defaults().translate(Report.of(labelled()))).getBytes(StandardCharsets.UTF_8);
    Promtool.Result result = Promtool.checkMetrics(promtool.get(), text);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
