package org.jcounters.reporters.prometheus.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package, or {@code -Dprometheus.bin=<dir>}) started on loopback,
 * scraping one target every second, and queried over its HTTP API. Test support shared through the
 * reporters' test-jar (the examples' tests use it).
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  private final String api;

  private PrometheusServer(Process process, Path log, String api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /** The {@code prometheus} binary, or empty (the caller skips; it was said on standard output). */
  public static Optional<Path> binary() {
    return Promtool.binary("prometheus");
  }

  /**
   * Starts {@code binary} with its configuration, data and log in {@code dir}, scraping
   * {@code 127.0.0.1:targetPort} every second, its API on a free loopback port; returns once it is
   * ready. {@code flags} are added to its command line (say {@code --enable-feature=native-histograms}).
   */
  public static PrometheusServer start(Path binary, Path dir, int targetPort, String... flags) throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        + "scrape_configs:\n  - job_name: jcounters\n    static_configs:\n      - targets: ['127.0.0.1:" + targetPort + "']\n");
    int apiPort = freePort();
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + apiPort, "--log.level=warn"));
    command.addAll(List.of(flags));
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + apiPort);
    try {
      server.awaitReady();
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(log));
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
    throw new AssertionError("prometheus not ready in 20 s: " + Files.readString(log));
  }

  /** Waits (15 s at most) until {@code series} has {@code samples} samples over the last minute. */
  public void awaitSamples(String series, int samples) throws Exception {
    awaitTrue(() -> {
      JsonNode result = query(series + "[1m]", null);
      return result.size() > 0 && result.get(0).get("values").size() >= samples;
    }, "prometheus to scrape " + samples + " samples of " + series);
  }

  /** A condition polled by {@link #awaitTrue}. */
  public interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 200 ms for 15 s at most, then fails saying what it waited for. */
  public static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited 15 s for " + what);
  }

  /** The {@code result} of an instant PromQL query, at {@code time} (seconds since the epoch) or now if null. */
  public JsonNode query(String promql, String time) throws Exception {
    String path = "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + (time == null ? "" : "&time=" + time);
    JsonNode answer = get(path);
    assertThat(answer.get("status").asText()).as(promql + ": " + answer).isEqualTo("success");
    return answer.get("data").get("result");
  }

  /** The value of a one-series vector; NaN (never equal) while it is empty. */
  public static double number(JsonNode vector) {
    if (vector.size() == 0) {
      return Double.NaN;
    }
    assertThat(vector.size()).as("one series in " + vector).isEqualTo(1);
    return Double.parseDouble(vector.get(0).get("value").get(1).asText());
  }

  /** The scrape target's state ({@code /api/v1/targets}, the one active target): its {@code health} is "up" once scraped. */
  public JsonNode target() throws Exception {
    return get("/api/v1/targets").get("data").get("activeTargets").get(0);
  }

  /** GET of {@code path} on the API, as JSON. */
  private JsonNode get(String path) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Stops the server (10 s, then forcibly). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(10, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
