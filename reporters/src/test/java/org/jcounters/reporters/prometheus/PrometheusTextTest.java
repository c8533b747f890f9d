package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue.Min;
import org.jcounters.reporters.Report;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final long MS = 1_000_000L;

  /** A histogram with 2 significant digits up to an hour in nanoseconds, holding {@code values}. */
  static Distribution distribution(Distribution.Unit unit, List<Double> quantiles, long... values) {
    Histogram histogram = new Histogram(1, 3_600_000_000_000L, 2);
    for (long value : values) {
      histogram.recordValue(value);
    }
    return Distribution.of(histogram, LongStream.of(values).sum(), unit, quantiles);
  }

  /** Every kind of value, names to sanitize, two collisions, and values Prometheus writes its own way. */
  static Report everyKind() {
    Map<String, CounterValue> entries = new LinkedHashMap<>();
    entries.put("a.b", new LongSum(3));
    entries.put("avg", new Average(2.5, 2));
    entries.put("c", new DoubleSum(0.5));
    entries.put("gone", CounterValue.empty());
    entries.put("nested", new Accumulated(Map.of("x", new LongSum(1))));
    entries.put("q\"uo\\te", new LongSum(1));
    Map<String, CounterValue> values = new LinkedHashMap<>();
    values.put("broken", new DoubleSum(Double.NaN));
    values.put("by_kind", new Accumulated(entries));
    values.put("dropped_events_total", new LongSum(1));
    values.put("hot", new DoubleSum(Double.POSITIVE_INFINITY));
    values.put("idle", CounterValue.empty());
    values.put("latency", distribution(Distribution.Unit.NANOSECONDS, Distribution.DEFAULT_QUANTILES, 4 * MS, 1 * MS, 3 * MS, 2 * MS));
    values.put("low", new Min(-3));
    values.put("peak", new Max(17));
    values.put("requests.data_len", new LongSum(1840));
    values.put("requests:time", new Average(0.38, 5));
    values.put("requests_frequency", new DoubleSum(2.0));
    values.put("requests_time_count", new LongSum(9));
    values.put("sizes", distribution(Distribution.Unit.RAW, List.of(0.5), 1, 2, 3, 4));
    return new Report(values, 2, 1712345678.25, Map.of("node-1", Map.of("peak", new Max(1))));
  }

  /** The exposition of {@link #everyKind()}, written out by hand. */
  static final String EVERY_KIND = String.join("\n",
      "# HELP jcounters_broken JCounters sum of counter \"broken\"",
      "# TYPE jcounters_broken gauge",
      "jcounters_broken NaN",
      "# HELP jcounters_by_kind JCounters entries of counter \"by_kind\", by key",
      "# TYPE jcounters_by_kind gauge",
      "jcounters_by_kind{key=\"a.b\"} 3",
      "jcounters_by_kind{key=\"avg\"} 2.5",
      "jcounters_by_kind{key=\"c\"} 0.5",
      "jcounters_by_kind{key=\"q\\\"uo\\\\te\"} 1",
      "# counter \"dropped_events_total\" left out: its metric name jcounters_dropped_events_total is already taken",
      "# HELP jcounters_hot JCounters sum of counter \"hot\"",
      "# TYPE jcounters_hot gauge",
      "jcounters_hot +Inf",
      // 2 ms and 4 ms as the tops of their 2-digit sub-buckets (8,192 and 16,384 ns wide there).
      "# HELP jcounters_latency JCounters distribution of counter \"latency\", in seconds",
      "# TYPE jcounters_latency summary",
      "jcounters_latency{quantile=\"0.5\"} 0.002007039",
      "jcounters_latency{quantile=\"0.9\"} 0.004014079",
      "jcounters_latency{quantile=\"0.99\"} 0.004014079",
      "jcounters_latency{quantile=\"0.999\"} 0.004014079",
      "jcounters_latency_sum 0.01",
      "jcounters_latency_count 4",
      "# HELP jcounters_latency_max JCounters maximum of counter \"latency\", in seconds",
      "# TYPE jcounters_latency_max gauge",
      "jcounters_latency_max 0.004014079",
      "# HELP jcounters_low JCounters minimum of counter \"low\"",
      "# TYPE jcounters_low gauge",
      "jcounters_low -3",
      "# HELP jcounters_peak JCounters maximum of counter \"peak\"",
      "# TYPE jcounters_peak gauge",
      "jcounters_peak 17",
      "# HELP jcounters_requests_data_len JCounters sum of counter \"requests.data_len\"",
      "# TYPE jcounters_requests_data_len gauge",
      "jcounters_requests_data_len 1840",
      "# HELP jcounters_requests_time JCounters average of counter \"requests:time\"",
      "# TYPE jcounters_requests_time gauge",
      "jcounters_requests_time 0.38",
      "# HELP jcounters_requests_time_count JCounters number of samples averaged by counter \"requests:time\"",
      "# TYPE jcounters_requests_time_count gauge",
      "jcounters_requests_time_count 5",
      "# HELP jcounters_requests_frequency JCounters sum of counter \"requests_frequency\"",
      "# TYPE jcounters_requests_frequency gauge",
      "jcounters_requests_frequency 2.0",
      "# counter \"requests_time_count\" left out: its metric name jcounters_requests_time_count is already taken",
      "# HELP jcounters_sizes JCounters distribution of counter \"sizes\"",
      "# TYPE jcounters_sizes summary",
      "jcounters_sizes{quantile=\"0.5\"} 2",
      "jcounters_sizes_sum 10",
      "jcounters_sizes_count 4",
      "# HELP jcounters_sizes_max JCounters maximum of counter \"sizes\"",
      "# TYPE jcounters_sizes_max gauge",
      "jcounters_sizes_max 4",
      "# HELP jcounters_dropped_events_total JCounters events lost to full rings since the start (over all nodes of a merged report)",
      "# TYPE jcounters_dropped_events_total counter",
      "jcounters_dropped_events_total 2",
      "");

  @Test
  void shouldWriteEveryKindOfValueAsTheFormatExpects() {
    assertThat(new PrometheusText().format(everyKind())).isEqualTo(EVERY_KIND);
  }

  @Test
  void shouldPassPromtoolsLint() throws Exception {
    Path promtool = Path.of(System.getProperty("promtool", "promtool"));
    assumeTrue(runs(promtool), "promtool (Prometheus' own checker) is needed: -Dpromtool=/path/to/promtool");
    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    check.getOutputStream().write(EVERY_KIND.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // promtool parses the text (a syntax error or a repeated family exits 1) then lints names (exit 3): it
    // flags the average's _count gauge, a suffix it expects on summaries only, which we keep on purpose.
    assertThat(check.exitValue()).as(out).isIn(0, 3);
    assertThat(out).doesNotContain("error while linting").doesNotContain("text format parsing error");
  }

  @Test
  void shouldWriteOnlyTheDroppedEventsOfAnEmptyReport() {
    assertThat(new PrometheusText("").format(new Report(Map.of("idle", CounterValue.empty()), 0, 0, Map.of()))).isEqualTo(String.join("\n",
        "# HELP dropped_events_total JCounters events lost to full rings since the start (over all nodes of a merged report)",
        "# TYPE dropped_events_total counter",
        "dropped_events_total 0",
        ""));
  }

  @Test
  void shouldSanitizeCounterNamesIntoMetricNames() {
    PrometheusText text = new PrometheusText();
    assertThat(text.metricName("requests.time")).isEqualTo("jcounters_requests_time");
    assertThat(text.metricName("db:query time/µs")).isEqualTo("jcounters_db_query_time__s");
    assertThat(text.metricName("9lives")).isEqualTo("jcounters_9lives");
    assertThat(new PrometheusText("").metricName("9lives")).isEqualTo("_9lives");
    assertThat(new PrometheusText("app:").metricName("x-y")).isEqualTo("app:x_y");
  }

  @Test
  void shouldRejectAPrefixThatCannotStartAMetricName() {
    assertThatThrownBy(() -> new PrometheusText("1app_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a metric name prefix must match [a-zA-Z_:][a-zA-Z0-9_:]*, got '1app_'");
    assertThatThrownBy(() -> new PrometheusText("my-app_")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldLeaveOutAnAccumulatedValueWithNoNumberEntry() {
    Report report = new Report(Map.of("acc", new Accumulated(Map.of("e", CounterValue.empty()))), 0, 0, Map.of());
    assertThat(new PrometheusText().format(report)).doesNotContain("jcounters_acc");
  }

  private static boolean runs(Path promtool) {
    try {
      Process p = new ProcessBuilder(promtool.toString(), "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
