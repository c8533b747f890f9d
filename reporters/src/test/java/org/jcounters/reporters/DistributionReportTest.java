package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.internal.reporters.ReportValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A percentile counter's value in the JSON file and the log: a nested object, as a ValueAccumulator's. */
class DistributionReportTest {
  @TempDir Path dir;

  private static Report report() {
    Histogram histogram = new Histogram(1, 3_600_000_000_000L, 2);
    histogram.recordValue(150); // ns, exact at 2 digits
    histogram.recordValue(180);
    Map<String, CounterValue> values = Map.of("latency", Distribution.of(histogram, 330, Distribution.Unit.NANOSECONDS, List.of(0.5, 0.99)));
    return new Report(values, 0, 1712345678.25, Map.of());
  }

  @Test
  void shouldWriteADistributionAsANestedObjectOfSeconds() throws Exception {
    Path file = dir.resolve("report.json");
    new JsonFileReporter(file).report(report());

    assertThat(Files.readString(file)).isEqualTo(
        "{\"latency\":{\"count\":2,\"p50\":1.5E-7,\"p99\":1.8E-7,\"max\":1.8E-7},\"__collection_time__\":1712345678.25,\"__dropped_events__\":0}\n");
    assertThat(JsonFileReporter.read(file).get("latency")).isEqualTo(Map.of("count", 2L, "p50", 1.5e-7, "p99", 1.8e-7, "max", 1.8e-7));
  }

  @Test
  void shouldShowADistributionInALogLineAsCompactJson() {
    assertThat(ReportValues.toText(report().values().get("latency").reportValue())).isEqualTo("{\"count\":2,\"p50\":1.5E-7,\"p99\":1.8E-7,\"max\":1.8E-7}");
  }
}
