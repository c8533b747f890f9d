package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jcounters.JCounters;
import org.jcounters.core.EventFamily;
import org.jcounters.counters.TotalCounter;
import org.jcounters.reporters.prometheus.PrometheusEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels through a real Prometheus server (Debian's 2.42), started on loopback, scraping a
 * {@link PrometheusEndpoint} in front of a real engine every second while 4 threads report
 * {@code http_requests} with 3 methods x 4 statuses: PromQL over its HTTP API must give back the
 * per-method totals ({@code sum by (method)}), the 12 label sets ({@code count}) and, for one label
 * set, what was sent during the run ({@code increase()}). Skipped, saying so, where there is no
 * {@code prometheus} binary.
 */
class LabelsPrometheusServerTest {
  private static final String[] METHODS = {"GET", "POST", "PUT"};
  private static final String[] STATUSES = {"200", "404", "500", "503"};
  private static final int THREADS = 4;
  private static final int BATCHES = 3;
  private static final int ROUNDS_PER_BATCH = 1_000;
  private static final String METRIC = "jcounters_http_requests_total";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  /** What one label set receives during the run: each thread sends {@code m + s + 1} per round. */
  private static long sentDuringRun(int m, int s) {
    return (long) THREADS * BATCHES * ROUNDS_PER_BATCH * (m + s + 1);
  }

  @Test
  void shouldSumCountAndIncreaseLabelledTotalsThroughARealPrometheus() throws Exception {
    Optional<Path> prometheusBinary = prometheusBinary();
    assumeThat(prometheusBinary).as("no prometheus binary (install Debian's 'prometheus' package or set -Dprometheus.bin)").isPresent();

    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("http_requests"));
      EventFamily requests = engine.family("http_requests", "method", "status");
      // Warm-up: one event per label set, so all 12 series exist (at 1) before the counted events.
      for (String method : METHODS) {
        for (String status : STATUSES) {
          engine.value(requests.id(method, status), 1);
        }
      }
      Map<String, Long> perMethod = new TreeMap<>();
      for (int m = 0; m < METHODS.length; m++) {
        long total = 0;
        for (int s = 0; s < STATUSES.length; s++) {
          total += 1 + sentDuringRun(m, s);
        }
        perMethod.put(METHODS[m], total);
      }
      long grandTotal = perMethod.values().stream().mapToLong(Long::longValue).sum();

      try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(engine, 0)) {
        assertThat(endpoint.address().isLoopbackAddress()).isTrue();
        int apiPort = freePort();
        Process prometheus = startPrometheus(prometheusBinary.get(), endpoint.port(), apiPort);
        try {
          String api = "http://127.0.0.1:" + apiPort;
          awaitReady(api, prometheus);
          String oneSet = METRIC + "{method=\"GET\",status=\"200\"}";
          awaitSamples(api, oneSet, 2); // the warm-up value scraped twice before anything is counted
          assertThat(number(query(api, "sum(" + METRIC + ")", null))).isEqualTo(12.0);

          // The run: 4 threads, 3 batches a little over a scrape interval apart.
          CountDownLatch start = new CountDownLatch(1);
          AtomicReference<Throwable> failure = new AtomicReference<>();
          List<Thread> threads = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
              try {
                start.await();
                for (int b = 0; b < BATCHES; b++) {
                  if (b > 0) {
                    Thread.sleep(1_200);
                  }
                  for (int r = 0; r < ROUNDS_PER_BATCH; r++) {
                    for (int m = 0; m < METHODS.length; m++) {
                      for (int s = 0; s < STATUSES.length; s++) {
                        engine.value(requests.id(METHODS[m], STATUSES[s]), m + s + 1);
                      }
                    }
                  }
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            }, "requests-" + t);
            thread.start();
            threads.add(thread);
          }
          start.countDown();
          for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
          }
          assertThat(failure.get()).isNull();
          assertThat(engine.droppedEvents()).isZero();

          // Wait until the engine has drained everything, then until Prometheus has scraped it twice.
          awaitTrue(() -> number(query(api, "sum(" + METRIC + ")", null)) == grandTotal, "Prometheus to scrape the total " + grandTotal);
          Thread.sleep(1_100);

          JsonNode samples = query(api, oneSet + "[2m]", null).get(0).get("values");
          double first = samples.get(0).get(0).asDouble();
          double last = samples.get(samples.size() - 1).get(0).asDouble();
          assertThat(samples.get(0).get(1).asText()).as("the first sample is the warm-up").isEqualTo("1");
          String at = String.format(Locale.ROOT, "%.3f", last);
          String range = "[" + Math.round((last - first) * 1000) + "ms]";

          String byMethod = "sum by (method) (" + METRIC + ")";
          Map<String, Long> fromPrometheus = new TreeMap<>();
          for (JsonNode series : query(api, byMethod, at)) {
            fromPrometheus.put(series.get("metric").get("method").asText(), (long) Double.parseDouble(series.get("value").get(1).asText()));
          }
          System.out.printf("PromQL %s = %s (expected %s)%n", byMethod, fromPrometheus, perMethod);
          assertThat(fromPrometheus).isEqualTo(perMethod);
          for (Map.Entry<String, Long> entry : perMethod.entrySet()) {
            String one = "sum by (method) (" + METRIC + "{method=\"" + entry.getKey() + "\"})";
            assertThat(number(query(api, one, at))).as(one).isEqualTo((double) entry.getValue());
          }

          String count = "count(" + METRIC + ")";
          double series = number(query(api, count, at));
          System.out.printf("PromQL %s = %s (expected %s)%n", count, series, 12);
          assertThat(series).isEqualTo(12.0);

          String increase = "increase(" + oneSet + range + ")";
          double increased = number(query(api, increase, at));
          long sent = sentDuringRun(0, 0);
          System.out.printf("PromQL %s = %s (expected %s)%n", increase + " @" + at + " over " + samples.size() + " samples", increased, sent);
          assertThat(increased).as(increase).isCloseTo(sent, org.assertj.core.data.Offset.offset(1e-9));
          String resets = "resets(" + oneSet + "[2m])";
          assertThat(number(query(api, resets, at))).as(resets).isZero();

          JsonNode target = get(api + "/api/v1/targets").get("data").get("activeTargets").get(0);
          assertThat(target.get("health").asText()).as(target.toString()).isEqualTo("up");
        } finally {
          prometheus.destroy();
          if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
          }
        }
      }
    }
  }

  /** Debian's {@code prometheus} package, or {@code -Dprometheus.bin=<dir>}; empty (and said) if absent. */
  private static Optional<Path> prometheusBinary() {
    String bin = System.getProperty("prometheus.bin");
    for (Path candidate : List.of(Path.of(bin == null ? "/nonexistent" : bin, "prometheus"), Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"))) {
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    System.out.println("SKIPPED: no prometheus binary (install Debian's 'prometheus' package, as .ci/run does, or set -Dprometheus.bin)");
    return Optional.empty();
  }

  private Process startPrometheus(Path binary, int targetPort, int apiPort) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        + "scrape_configs:\n  - job_name: jcounters\n    static_configs:\n      - targets: ['127.0.0.1:" + targetPort + "']\n");
    List<String> command = List.of(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + apiPort, "--log.level=warn");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  private void awaitReady(String api, Process prometheus) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready in 20 s: " + Files.readString(dir.resolve("prometheus.log")));
  }

  private static void awaitSamples(String api, String series, int samples) throws Exception {
    awaitTrue(() -> {
      JsonNode result = query(api, series + "[1m]", null);
      return result.size() > 0 && result.get(0).get("values").size() >= samples;
    }, "prometheus to scrape " + samples + " samples of " + series);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited 15 s for " + what);
  }

  private static JsonNode query(String api, String promql, String time) throws Exception {
    String url = api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + (time == null ? "" : "&time=" + time);
    JsonNode answer = get(url);
    assertThat(answer.get("status").asText()).as(promql + ": " + answer).isEqualTo("success");
    return answer.get("data").get("result");
  }

  /** The value of a one-series vector; NaN (never equal) while it is empty. */
  private static double number(JsonNode vector) {
    if (vector.size() == 0) {
      return Double.NaN;
    }
    assertThat(vector.size()).as("one series in " + vector).isEqualTo(1);
    return Double.parseDouble(vector.get(0).get("value").get(1).asText());
  }

  private static JsonNode get(String url) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
