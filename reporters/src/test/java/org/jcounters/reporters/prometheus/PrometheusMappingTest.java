package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.counters.MaxWindowCounter;
import org.jcounters.counters.MinWindowCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.counters.TotalCounter;
import org.jcounters.counters.ValueAccumulator;
import org.jcounters.counters.WindowCounter;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.reporters.CapturingLogger;
import org.jcounters.reporters.prometheus.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class PrometheusMappingTest {
  private static final long MS = 1_000_000L;

  /** One counter of each kind, fed a few events, as a snapshot of this process. */
  static Snapshot everyKind() {
    EventNames names = new EventNames(64);
    EventDispatcher dispatcher = new EventDispatcher(names);
    dispatcher.add(new EventCounter("requests"));
    dispatcher.add(new TotalCounter("bytes.sent"));
    dispatcher.add(new TotalCounter("db_time", List.of("db")));
    dispatcher.add(new ValueAccumulator("acc", List.of("rows", "hits")));
    dispatcher.add(new AverageWindowCounter("payload"));
    dispatcher.add(new AverageTimeCounter("db_avg", List.of("db")));
    dispatcher.add(PercentileWindowCounter.ofTimings("latency").build());
    dispatcher.add(PercentileWindowCounter.ofValues("sizes").events(List.of("payload")).build());
    dispatcher.add(new WindowCounter("errors"));
    dispatcher.add(new FrequencyCounter("requests_rate", List.of("requests")));
    dispatcher.add(new MaxWindowCounter("payload_max", List.of("payload")));
    dispatcher.add(new MinWindowCounter("payload_min", List.of("payload")));
    dispatcher.add(new EventCounter("idle")); // no data: left out
    for (int i = 0; i < 3; i++) {
      dispatcher.value(names.id("requests"), 1, 0);
      dispatcher.value(names.id("bytes.sent"), 100, 0);
      dispatcher.value(names.id("rows"), 2, 0);
      dispatcher.value(names.id("payload"), 10 + i, 0);
      dispatcher.value(names.id("latency"), (3 + i) * MS, 0);
      dispatcher.value(names.id("errors"), 1, 0);
    }
    dispatcher.value(names.id("hits"), 5, 0);
    dispatcher.timing(names.id("db"), 2 * MS, 0); // a 2 ms block
    return new Snapshot(dispatcher.values(0), 4, 0);
  }

  static String text(MetricSnapshots snapshots) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldGivePrometheusTypesNamesAndUnitsToEveryKind() throws Exception {
    String text = text(PrometheusMapping.defaults().translate(Report.of(everyKind())));
    assertThat(text)
        .contains("# TYPE jcounters_dropped_events_total counter\njcounters_dropped_events_total 4.0\n")
        .contains("# TYPE jcounters_requests_total counter\njcounters_requests_total 3.0\n")
        .contains("jcounters_bytes_sent_total 300.0\n")
        .contains("# TYPE jcounters_db_time_seconds_total counter\njcounters_db_time_seconds_total 0.002\n")
        .contains("jcounters_acc_total{key=\"hits\"} 5.0\n").contains("jcounters_acc_total{key=\"rows\"} 6.0\n")
        .contains("# TYPE jcounters_payload summary\njcounters_payload_count 3\njcounters_payload_sum 33.0\n")
        .contains("# TYPE jcounters_payload_mean gauge\njcounters_payload_mean 11.0\n")
        .contains("# TYPE jcounters_db_avg_seconds summary\n").contains("jcounters_db_avg_seconds_sum 0.002\n")
        .contains("jcounters_db_avg_mean_seconds 0.002\n")
        .contains("# TYPE jcounters_latency_seconds histogram\n")
        .contains("jcounters_latency_seconds_bucket{le=\"0.0025\"} 0\n")
        .contains("jcounters_latency_seconds_bucket{le=\"0.005\"} 2\n")
        .contains("jcounters_latency_seconds_bucket{le=\"0.01\"} 3\n")
        .contains("jcounters_latency_seconds_bucket{le=\"+Inf\"} 3\njcounters_latency_seconds_count 3\njcounters_latency_seconds_sum 0.012\n")
        .contains("# TYPE jcounters_latency_quantile_seconds gauge\n").contains("jcounters_latency_quantile_seconds{q=\"1\"} 0.005")
        .contains("jcounters_sizes_bucket{le=\"16.0\"} 3\n")
        .contains("# TYPE jcounters_errors gauge\njcounters_errors 3.0\n")
        .contains("# TYPE jcounters_requests_rate gauge\n")
        .contains("jcounters_payload_max 12.0\n").contains("jcounters_payload_min 10.0\n")
        .doesNotContain("idle");
  }

  @Test
  void shouldPassPromtoolCheckMetrics() throws Exception {
    Optional<Path> promtool = Promtool.binary("promtool");
    assumeThat(promtool).isPresent();
    byte[] text = text(PrometheusMapping.defaults().translate(Report.of(everyKind()))).getBytes(StandardCharsets.UTF_8);
    Promtool.Result result = Promtool.checkMetrics(promtool.get(), text);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).isEmpty(); // no lint warning either
  }

  @Test
  void shouldLeaveOutACollidingCounterWithOneClearError() throws Exception {
    Report report = new Report(Map.of("a.b", new CounterValue.Max(1), "a_b", new CounterValue.Max(2)), 0, 0, Map.of(),
        Map.of(), 0, Map.of());
    CapturingLogger log = new CapturingLogger(Level.INFO);
    PrometheusMapping mapping = PrometheusMapping.builder().logger(log).build();
    String text = text(mapping.translate(report));
    text(mapping.translate(report));
    assertThat(text).contains("jcounters_a_b 1.0\n").doesNotContain("jcounters_a_b 2.0");
    assertThat(log.lines).hasSize(1).first().asString()
        .contains("ERROR counter 'a_b' left out").contains("jcounters_a_b").contains("counter 'a.b'");
  }

  @Test
  void shouldLeaveOutANegativeTotalWithOneWarningAndKeepTheScrape() throws Exception {
    Report report = new Report(Map.of("balance", new CounterValue.LongSum(-5), "ok", new CounterValue.LongSum(5)), 0, 0, Map.of(),
        Map.of("balance", new CounterValue.LongSum(-5), "ok", new CounterValue.LongSum(5)), 0, Map.of());
    CapturingLogger log = new CapturingLogger(Level.INFO);
    PrometheusMapping mapping = PrometheusMapping.builder().logger(log).build();
    String text = text(mapping.translate(report));
    text(mapping.translate(report));
    assertThat(text).contains("jcounters_ok_total 5.0\n").doesNotContain("balance");
    assertThat(log.lines).hasSize(1).first().asString().contains("counter 'balance' totals -5.0, below zero");
  }

  @Test
  void shouldTakeConfiguredBucketsAndDeclareItsFamiliesToARegistry() throws Exception {
    PrometheusMapping mapping = PrometheusMapping.builder().prefix("app_").buckets("latency", HistogramBuckets.of(0.004, 1)).build();
    Snapshot snapshot = everyKind();
    PrometheusRegistry registry = new PrometheusRegistry();
    JCountersCollector collector = new JCountersCollector(() -> snapshot, mapping);
    registry.register(collector);
    assertThat(text(registry.scrape()))
        .contains("app_latency_seconds_bucket{le=\"0.004\"} 1\napp_latency_seconds_bucket{le=\"1.0\"} 3\n");
    @SuppressWarnings("deprecation")
    List<String> names = collector.getPrometheusNames();
    assertThat(names).contains("app_requests", "app_latency_seconds", "app_payload", "app_payload_mean");
    // A second collector of the same counters is refused by the registry's duplicate check.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.register(new JCountersCollector(() -> snapshot, mapping)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldExportAMergedReportAsGaugesOnly() throws Exception {
    Report merged = new Report(Report.of(everyKind()).values(), 0, 0, Map.of());
    String text = text(PrometheusMapping.defaults().translate(merged));
    assertThat(text).contains("# TYPE jcounters_requests gauge\n").contains("# TYPE jcounters_latency_quantile_seconds gauge\n")
        .doesNotContain("histogram").doesNotContain("summary");
  }
}
