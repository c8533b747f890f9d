package org.jcounters.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One benchmark result of JMH's JSON output ({@code -rf json}): a benchmark at one thread count, its
 * primary score and its secondary results ({@code gc.alloc.rate.norm} from {@code -prof gc}, and the
 * event accounting of the JCounters benchmarks: {@code calls}, {@code dropped}, {@code lost}).
 *
 * @param benchmark the benchmark without the package, e.g. {@code JCountersBenchmark.value}, with its
 *     parameters if any, e.g. {@code DrainerWakeLatencyBenchmark.valueUnderOverload:drainerIdle=yielding}
 * @param mode JMH's mode: {@code avgt}, {@code thrpt}, {@code sample}
 * @param percentiles for sample mode, percentile ("99.9") to value, in {@code unit}
 * @param forkScores each fork's mean score (from {@code rawData}), empty where the JSON has none
 */
public record JmhResult(
    String benchmark,
    String mode,
    int threads,
    double score,
    double error,
    String unit,
    Map<String, Double> percentiles,
    Map<String, Double> secondary,
    Map<String, Object> run,
    List<Double> forkScores) {

  static final String PACKAGE = "org.jcounters.benchmarks.";

  /** Reads every result of the given JSON files, in order. */
  public static List<JmhResult> read(List<Path> files) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JmhResult> results = new ArrayList<>();
    for (Path file : files) {
      JsonNode root = mapper.readTree(file.toFile());
      if (!root.isArray()) {
        throw new IOException(file + " is not JMH's JSON output (an array of results)");
      }
      for (JsonNode node : root) {
        results.add(of(node));
      }
    }
    return results;
  }

  private static JmhResult of(JsonNode node) {
    String benchmark = node.path("benchmark").asText();
    if (benchmark.startsWith(PACKAGE)) {
      benchmark = benchmark.substring(PACKAGE.length());
    }
    StringBuilder params = new StringBuilder();
    for (Map.Entry<String, JsonNode> p : node.path("params").properties()) {
      params.append(params.length() == 0 ? ":" : ",").append(p.getKey()).append('=').append(p.getValue().asText());
    }
    benchmark += params; // a parameterised benchmark is one result per parameter set: e.g. "X.m:drainerIdle=yielding"
    JsonNode primary = node.path("primaryMetric");
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if ("sample".equals(node.path("mode").asText())) {
      for (Map.Entry<String, JsonNode> e : primary.path("scorePercentiles").properties()) {
        percentiles.put(e.getKey(), e.getValue().asDouble());
      }
    }
    Map<String, Double> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("secondaryMetrics").properties()) {
      secondary.put(e.getKey(), number(e.getValue().path("score")));
    }
    Map<String, Object> run = new LinkedHashMap<>();
    for (String key : List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "forks", "warmupIterations",
        "warmupTime", "measurementIterations", "measurementTime")) {
      if (node.has(key)) {
        run.put(key, node.get(key).isNumber() ? node.get(key).numberValue() : node.get(key).asText());
      }
    }
    List<String> jvmArgs = new ArrayList<>();
    node.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
    run.put("jvmArgs", Collections.unmodifiableList(jvmArgs));
    List<Double> forkScores = new ArrayList<>();
    for (JsonNode fork : primary.path("rawData")) {
      double sum = 0;
      for (JsonNode iteration : fork) {
        sum += iteration.asDouble();
      }
      if (fork.size() > 0) {
        forkScores.add(sum / fork.size());
      }
    }
    return new JmhResult(
        benchmark,
        node.path("mode").asText(),
        node.path("threads").asInt(),
        number(primary.path("score")),
        number(primary.path("scoreError")),
        primary.path("scoreUnit").asText(),
        Collections.unmodifiableMap(percentiles),
        Collections.unmodifiableMap(secondary),
        Collections.unmodifiableMap(run),
        List.copyOf(forkScores));
  }

  /** JMH writes "NaN" as a string where a number is undefined (an error over one iteration). */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    return node.isTextual() ? parseOrNaN(node.asText()) : Double.NaN;
  }

  private static double parseOrNaN(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** A secondary result, if present. */
  public OptionalDouble secondary(String name) {
    Double value = secondary.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** {@code gc.alloc.rate.norm} in bytes per operation, if the run used {@code -prof gc}. */
  public OptionalDouble bytesPerOp() {
    return secondary("gc.alloc.rate.norm");
  }

  /** The class part of the benchmark name. */
  public String benchmarkClass() {
    int dot = benchmark.indexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(0, dot);
  }
}
