package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start really runs: {@link Quickstart#main} in a JVM of its own (the default
 * engine is process-wide) started with no JVM flag, serving its 100 requests and writing the final
 * report when it stops reporting.
 */
class QuickstartTest {
  @TempDir Path dir;

  @Test
  void shouldServeAndWriteTheFinalReport() throws Exception {
    Path report = dir.resolve("server.counters.json");
    Path out = dir.resolve("quickstart.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            Quickstart.class.getName(), report.toString()))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(exited).as("Quickstart ends by itself; its output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();

    Map<String, Object> values = JsonFileReporter.read(report);
    assertThat(values.keySet()).containsExactlyInAnyOrder(
        "requests_data_len", "requests_frequency", "requests_time", "__collection_time__", "__dropped_events__");
    // "request 0" .. "request 99", stripped: 100 × 8 + 10 × 1 + 90 × 2 bytes.
    assertThat(values.get("requests_data_len")).isEqualTo(990L);
    assertThat(values.get("requests_time")).isInstanceOfSatisfying(Double.class, s -> assertThat(s).isPositive().isLessThan(10.0));
    assertThat(values.get("requests_frequency")).isInstanceOfSatisfying(Double.class, f -> assertThat(f).isPositive());
    assertThat(values.get("__dropped_events__")).isEqualTo(0L);
    assertThat(output).as("main prints the report").contains("\"requests_data_len\":990");
  }
}
