package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcounters.core.CounterValue;
import org.jcounters.core.SnapshotSourceProvider;
import org.jcounters.reporters.Report;
import org.jcounters.reporters.ReportSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real HTTP client scraping a real server on 127.0.0.1 and an ephemeral port. */
class PrometheusHttpServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private PrometheusHttpServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldServeTheTextOfAFreshReportOnMetrics() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).isEqualTo(PrometheusTextTest.EVERY_KIND);
  }

  @Test
  void shouldBindToLoopbackByDefaultOnTheEphemeralPortItWasGiven() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.port()).isPositive();
    assertThat(server.uri()).isEqualTo(URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.port() + "/metrics"));
  }

  @Test
  void shouldTakeAFreshReportOnEveryScrape() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    server = PrometheusHttpServer.start(() -> new Report(Map.of("n", new CounterValue.LongSum(rounds.incrementAndGet())), 0, 0, Map.of()), 0);
    assertThat(get("/metrics").body()).contains("jcounters_n 1\n");
    assertThat(get("/metrics").body()).contains("jcounters_n 2\n");
  }

  @Test
  void shouldScrapeTheDefaultEngineFoundOnTheClassPath() throws Exception {
    // In these tests the class path's engine is the reporters' TestEngineProvider: it counts its snapshots.
    server = PrometheusHttpServer.start(ReportSource.of(SnapshotSourceProvider.loadDefault()), 0);
    long first = snapshotsIn(get("/metrics").body());
    assertThat(snapshotsIn(get("/metrics").body())).isGreaterThan(first);
  }

  @Test
  void shouldIgnoreTheQueryString() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    assertThat(get("/metrics?name[]=jcounters_peak").body()).isEqualTo(PrometheusTextTest.EVERY_KIND);
  }

  @Test
  void shouldAnswer404ForAnyOtherPath() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    for (String path : new String[] {"/", "/metrics/", "/metrics/x", "/other", "/favicon.ico"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).isEqualTo("not found: metrics are at /metrics\n");
    }
  }

  @Test
  void shouldAnswer405ForAnyOtherMethodAndHeadersOnlyForHead() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    HttpResponse<String> post = client.send(request("/metrics").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

    HttpResponse<String> head = client.send(request("/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void shouldAnswer500WhenTheSourceFailsAndServeTheNextScrape() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server = PrometheusHttpServer.start(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("the leader is gone");
      }
      return PrometheusTextTest.everyKind();
    }, 0);

    HttpResponse<String> failed = get("/metrics");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("the report source failed; see the application's log\n");

    HttpResponse<String> next = get("/metrics");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.body()).isEqualTo(PrometheusTextTest.EVERY_KIND);
  }

  @Test
  void shouldServeNoSampleFromANodeThatIsNotTheLeader() throws Exception {
    server = PrometheusHttpServer.start(() -> null, 0);
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("# no report from this process this round (a multi-process node that is not the leader)\n");
  }

  @Test
  void shouldUseTheGivenAddressAndPrefix() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new PrometheusText("app_"));
    assertThat(get("/metrics").body()).contains("app_peak 17\n").doesNotContain("jcounters_");
  }

  @Test
  void shouldNotKeepAFinishedApplicationAlive() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    get("/metrics"); // the scrape thread exists from the first scrape on
    // The JDK's dispatcher thread would not be a daemon if started from this (non-daemon) test thread.
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("HTTP-Dispatcher") || t.getName().equals("jcounters-prometheus-" + server.port()))
        .hasSize(2)
        .allMatch(Thread::isDaemon);
  }

  @Test
  void shouldStopListeningWhenClosed() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    URI uri = server.uri();
    server.close();
    server.close(); // idempotent
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldFailClearlyWhenThePortIsTaken() throws Exception {
    server = PrometheusHttpServer.start(PrometheusTextTest::everyKind, 0);
    assertThatThrownBy(() -> PrometheusHttpServer.start(PrometheusTextTest::everyKind, server.port()))
        .isInstanceOf(IOException.class);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(TIMEOUT);
  }

  private static long snapshotsIn(String body) {
    return body.lines().filter(line -> line.startsWith("jcounters_snapshots ")).mapToLong(line -> Long.parseLong(line.split(" ")[1]))
        .findFirst().orElseThrow();
  }
}
