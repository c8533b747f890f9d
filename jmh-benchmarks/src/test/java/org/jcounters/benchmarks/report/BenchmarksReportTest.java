package org.jcounters.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksReportTest {
  @TempDir Path dir;

  private BenchmarksReport report() throws IOException {
    Path oneThread = JmhJson.write(dir, "1t.json", List.of(
        JmhJson.result("Floors.longAdderIncrement", "avgt", 1, 8.0, 0.0, null, null),
        JmhJson.result("JCountersBenchmark.value", "avgt", 1, 4.0, 0.0004, 0.0, 0.0),
        JmhJson.result("JCountersBenchmark.valueUnlistened", "avgt", 1, 0.6, 0.0, 0.0, 0.0),
        JmhJson.result("JCountersBenchmark.valueOverloaded", "avgt", 1, 16.0, 0.0, 2.5e7, 0.0),
        JmhJson.result("DropwizardBenchmark.histogramUpdate", "avgt", 1, 100.0, 32.0, null, null),
        JmhJson.result("DrainerThroughputBenchmark.drainedEvents", "thrpt", 1, 9.0e7, 0.0, 0.0, 0.0),
        JmhJson.result("OverloadLatencyBenchmark.valueUnderOverload", "sample", 1, 40.0, 0.0, 1.0e6, 0.0)));
    Path twoThreads = JmhJson.write(dir, "2t.json", List.of(
        JmhJson.result("JCountersBenchmark.value", "avgt", 2, 9.0, 0.0004, 0.0, 0.0),
        JmhJson.result("DropwizardBenchmark.histogramUpdate", "avgt", 2, 900.0, 32.0, null, null)));
    Properties info = new Properties();
    info.setProperty("command", "jmh-benchmarks/run-benchmarks");
    info.setProperty("date", "2026-11-26 04:00 UTC");
    info.setProperty("cpu", "Test CPU");
    info.setProperty("cores", "2");
    return new BenchmarksReport(JmhResult.read(List.of(oneThread, twoThreads)), info);
  }

  @Test
  void shouldStateHowTheRunWasMade() throws IOException {
    assertThat(report().markdown())
        .contains("| command | `jmh-benchmarks/run-benchmarks` |")
        .contains("| JDK | 17.0.15")
        .contains("| CPU | Test CPU, 2 cores |")
        .contains("| date | 2026-11-26 04:00 UTC |");
  }

  @Test
  void shouldGiveBothThreadCountsAllocationAndDropsPerOperation() throws IOException {
    assertThat(report().markdown())
        .contains("| JCounters | `Events.value(id, v)`, a counter listening | 4.00 ± n/a | 9.00 ± n/a | 0.000 | 0.000 | 0 of 100.0 M | 0 of 100.0 M |")
        .contains("**25.0 M of 100.0 M (25.0 %)**");
  }

  @Test
  void shouldGiveTheRatioToEachPeerAtEachThreadCount() throws IOException {
    assertThat(report().markdown())
        .contains("| Dropwizard Metrics 4.2 | `Histogram.update(v)` (default reservoir) | 100 | 4.00 | 25.0× | 900 | 9.00 | 100.0× |");
  }

  @Test
  void shouldJudgeTheTargets() throws IOException {
    assertThat(report().markdown())
        .contains("| `Events.value` with a listener ≤ 5 ns/op, 1 thread | 4.00 ns/op | met |")
        .contains("| … within 1.5× of `LongAdder.increment` | 0.50× (4.00 vs 8.00 ns/op) | met |")
        .contains("| drainer ≥ 50 M events/s sustained, zero drops | 90.0 M events/s, 0 dropped, 0 lost | met |")
        .contains("| under overload, p99.9 of the call < 100 ns (1 thread) | 900 ns | **missed** |");
  }

  @Test
  void shouldShowTheForksOfAResultWhoseForksDisagree() throws IOException {
    // The machine's fast and slow modes (DESIGN-NOTES): a mean over both is neither's cost, so the
    // forks are shown beside it; forks that agree are not.
    BenchmarksReport disagreeing = reportOf(JmhJson.resultWithForks("JCountersBenchmark.value", 1, 10.6, 5.0, 5.2, 19.6));
    assertThat(disagreeing.markdown())
        .contains("| `Events.value` with a listener ≤ 5 ns/op, 1 thread | 10.6 ns/op (forks 5.00 to 19.6) | **missed** |");
    assertThat(disagreeing.headlines("BENCHMARKS.md")).contains("with a counter listening: 10.6 ns/op (forks 5.00 to 19.6), ");

    BenchmarksReport agreeing = reportOf(JmhJson.resultWithForks("JCountersBenchmark.value", 1, 4.9, 4.0, 6.0, 4.8)); // 6.0 = 1.5 × 4.0
    assertThat(agreeing.markdown()).contains("| `Events.value` with a listener ≤ 5 ns/op, 1 thread | 4.90 ns/op | met |");
    assertThat(agreeing.headlines("BENCHMARKS.md")).contains("with a counter listening: 4.90 ns/op, ");
  }

  private BenchmarksReport reportOf(String result) throws IOException {
    Path results = JmhJson.write(Files.createTempDirectory(dir, "forks"), "forks.json", List.of(result));
    return new BenchmarksReport(JmhResult.read(List.of(results)), new Properties());
  }

  @Test
  void shouldRewriteOnlyTheReadmeBlock() throws IOException {
    Path readme = Files.writeString(dir.resolve("README.md"),
        "# X\n\nbefore\n" + BenchmarksReport.README_START + "\nold\n" + BenchmarksReport.README_END + "\nafter\n");
    report().updateReadme(readme, "BENCHMARKS.md");
    String text = Files.readString(readme);
    assertThat(text).startsWith("# X\n\nbefore\n").endsWith("\nafter\n").doesNotContain("old")
        .contains("- Dropwizard Metrics 4.2 `Histogram.update(v)` (default reservoir): 100 ns/op, 25.0× JCounters' cost.");
  }
}
