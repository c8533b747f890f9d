package org.jcounters.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes JMH-shaped JSON results for the tests: just the fields the report and the gate read. */
final class JmhJson {
  private JmhJson() {}

  static String result(String benchmark, String mode, int threads, double score, double bytesPerOp, Double dropped, Double lost) {
    StringBuilder secondary = new StringBuilder();
    secondary.append(String.format(Locale.ROOT, "\"gc.alloc.rate.norm\": {\"score\": %s, \"scoreUnit\": \"B/op\"}", bytesPerOp));
    if (dropped != null) {
      secondary.append(String.format(Locale.ROOT, ", \"calls\": {\"score\": 1.0E8, \"scoreUnit\": \"#\"}, \"dropped\": {\"score\": %s, \"scoreUnit\": \"#\"}", dropped));
    }
    if (lost != null) {
      secondary.append(String.format(Locale.ROOT, ", \"lost\": {\"score\": %s, \"scoreUnit\": \"#\"}", lost));
    }
    String unit = "thrpt".equals(mode) ? "ops/s" : "ns/op";
    String percentiles = "sample".equals(mode)
        ? ", \"scorePercentiles\": {\"50.0\": 30.0, \"99.0\": 80.0, \"99.9\": 900.0, \"99.99\": 5000.0, \"100.0\": 90000.0}"
        : "";
    return String.format(Locale.ROOT, """
        {"jmhVersion": "1.37", "benchmark": "org.jcounters.benchmarks.%s", "mode": "%s", "threads": %d, "forks": 1,
         "jvmArgs": [], "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM", "vmVersion": "17.0.15+6",
         "warmupIterations": 3, "warmupTime": "1 s", "measurementIterations": 5, "measurementTime": "1 s",
         "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "%s"%s},
         "secondaryMetrics": {%s}}""", benchmark, mode, threads, score, unit, percentiles, secondary);
  }

  /** {@link #result} with each fork's iterations as JMH's {@code rawData}: {@code forks[f]} repeated over 3 iterations. */
  static String resultWithForks(String benchmark, int threads, double score, double... forks) {
    StringBuilder raw = new StringBuilder();
    for (double fork : forks) {
      raw.append(raw.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%s, %s, %s]", fork, fork, fork));
    }
    String result = result(benchmark, "avgt", threads, score, 0.0, 0.0, 0.0);
    return result.replace("\"scoreUnit\": \"ns/op\"}", "\"scoreUnit\": \"ns/op\", \"rawData\": [" + raw + "]}");
  }

  static Path write(Path dir, String name, List<String> results) throws IOException {
    return Files.writeString(dir.resolve(name), "[" + String.join(",\n", results) + "]");
  }
}
