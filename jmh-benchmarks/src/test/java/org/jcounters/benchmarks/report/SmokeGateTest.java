package org.jcounters.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeGateTest {
  @TempDir Path dir;

  private List<String> failuresOf(String... results) throws IOException {
    List<String> failures = new ArrayList<>();
    SmokeGate.check(JmhResult.read(List.of(JmhJson.write(dir, "r.json", List.of(results)))), failures);
    return failures;
  }

  @Test
  void shouldPassWhenNothingAllocatesAndNothingIsLost() throws IOException {
    assertThat(failuresOf(
        JmhJson.result("JCountersBenchmark.value", "avgt", 1, 6.1, 0.0004, 0.0, 0.0),
        JmhJson.result("JCountersBenchmark.valueOverloaded", "avgt", 1, 16.0, 0.0002, 3.0e7, 0.0)))
        .isEmpty();
  }

  @Test
  void shouldFailWhenAJCountersBenchmarkAllocates() throws IOException {
    assertThat(failuresOf(JmhJson.result("JCountersBenchmark.value", "avgt", 2, 6.1, 16.0, 0.0, 0.0)))
        .singleElement().asString().contains("JCountersBenchmark.value @2t").contains("allocates 16.000 B/op");
  }

  @Test
  void shouldFailWhenAnEventIsLostWithoutBeingCounted() throws IOException {
    assertThat(failuresOf(JmhJson.result("DrainerThroughputBenchmark.drainedEvents", "thrpt", 1, 8e7, 0.0, 0.0, 3.0)))
        .singleElement().asString().contains("3 events lost");
  }

  @Test
  void shouldFailWhenTheAccountingIsMissing() throws IOException {
    assertThat(failuresOf(JmhJson.result("JCountersBenchmark.occurrence", "avgt", 1, 6.0, 0.0, null, null)))
        .singleElement().asString().contains("no 'lost' secondary result");
  }

  @Test
  void shouldIgnorePeersEvenWhenTheyAllocate() throws IOException {
    assertThat(failuresOf(
        JmhJson.result("JCountersBenchmark.value", "avgt", 1, 6.1, 0.0, 0.0, 0.0),
        JmhJson.result("DropwizardBenchmark.histogramUpdate", "avgt", 1, 90.0, 32.0, null, null)))
        .isEmpty();
  }

  @Test
  void shouldFailWhenNoJCountersBenchmarkRan() throws IOException {
    assertThat(failuresOf(JmhJson.result("Floors.nanoTime", "avgt", 1, 25.0, 0.0, null, null)))
        .singleElement().asString().contains("no JCounters benchmark");
  }
}
