package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jcounters.Counters;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial end to end, in-process: real TCP requests, the default engine, the JSON file. */
class TutorialServerTest {
  @TempDir Path dir;

  @Test
  void shouldReportTheTutorialsCountersForRealRequests() throws Exception {
    Path report = dir.resolve("server.counters.json");
    long bytesBefore = totalBytes(); // the default engine is process-wide: count from here
    double startedAt = System.currentTimeMillis() / 1000.0;

    try (TutorialServer server = TutorialServer.start(0, report, Duration.ofMillis(50))) {
      assertThat(TutorialClient.send(server.port(), "hello world")).isEqualTo("HELLO WORLD");
      assertThat(TutorialClient.send(server.port(), "  padded\n")).isEqualTo("PADDED");
      TutorialClient.Result driven = TutorialClient.run(server.port(), Duration.ofMillis(300), 2);
      assertThat(driven.requests()).isPositive();
      long expectedBytes = bytesBefore + "hello world".length() + "padded".length() + driven.bytes();

      // Scheduled reports land while the server runs.
      awaitReport(report, expectedBytes);
    }

    // close() made a final report: the file holds every request.
    Map<String, Object> values = JsonFileReporter.read(report);
    assertThat(values.keySet()).containsExactly(
        "requests_data_len", "requests_frequency", "requests_time", "__collection_time__", "__dropped_events__");
    assertThat(values.get("requests_data_len")).isEqualTo(totalBytes());
    assertThat(values.get("requests_time")).isInstanceOfSatisfying(Double.class, seconds -> assertThat(seconds).isPositive().isLessThan(10.0));
    assertThat(values.get("requests_frequency")).isInstanceOfSatisfying(Double.class, perSecond -> assertThat(perSecond).isPositive());
    assertThat(values.get("__collection_time__")).isInstanceOfSatisfying(Double.class,
        time -> assertThat(time).isBetween(startedAt - 1, System.currentTimeMillis() / 1000.0 + 1));
    assertThat(values.get("__dropped_events__")).isEqualTo(0L);
  }

  private static long totalBytes() {
    Object total = Counters.snapshot().reportValue("requests_data_len");
    return total == null ? 0 : (Long) total;
  }

  private static void awaitReport(Path report, long expectedBytes) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Object seen = null;
    while (System.nanoTime() < deadline) {
      if (Files.exists(report)) {
        seen = JsonFileReporter.read(report).get("requests_data_len");
        if (Long.valueOf(expectedBytes).equals(seen)) {
          return;
        }
      }
      Thread.sleep(20); // waiting for a scheduled report: 50 ms period
    }
    throw new AssertionError("no scheduled report with requests_data_len=" + expectedBytes + " within 20 s; last seen " + seen);
  }
}
