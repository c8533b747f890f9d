package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.jcounters.reporters.prometheus.testing.PrometheusServer.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
import org.jcounters.reporters.prometheus.testing.PrometheusServer;
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

  @TempDir Path dir;

  /** What one label set receives during the run: each thread sends {@code m + s + 1} per round. */
  private static long sentDuringRun(int m, int s) {
    return (long) THREADS * BATCHES * ROUNDS_PER_BATCH * (m + s + 1);
  }

  @Test
  void shouldSumCountAndIncreaseLabelledTotalsThroughARealPrometheus() throws Exception {
    Optional<Path> prometheusBinary = PrometheusServer.binary();
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
        try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary.get(), dir, endpoint.port())) {
          String oneSet = METRIC + "{method=\"GET\",status=\"200\"}";
          prometheus.awaitSamples(oneSet, 2); // the warm-up value scraped twice before anything is counted
          assertThat(number(prometheus.query("sum(" + METRIC + ")", null))).isEqualTo(12.0);

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
          PrometheusServer.awaitTrue(() -> number(prometheus.query("sum(" + METRIC + ")", null)) == grandTotal, "Prometheus to scrape the total " + grandTotal);
          Thread.sleep(1_100);

          JsonNode samples = prometheus.query(oneSet + "[2m]", null).get(0).get("values");
          double first = samples.get(0).get(0).asDouble();
          double last = samples.get(samples.size() - 1).get(0).asDouble();
          assertThat(samples.get(0).get(1).asText()).as("the first sample is the warm-up").isEqualTo("1");
          String at = String.format(Locale.ROOT, "%.3f", last);
          String range = "[" + Math.round((last - first) * 1000) + "ms]";

          String byMethod = "sum by (method) (" + METRIC + ")";
          Map<String, Long> fromPrometheus = new TreeMap<>();
          for (JsonNode series : prometheus.query(byMethod, at)) {
            fromPrometheus.put(series.get("metric").get("method").asText(), (long) Double.parseDouble(series.get("value").get(1).asText()));
          }
          System.out.printf("PromQL %s = %s (expected %s)%n", byMethod, fromPrometheus, perMethod);
          assertThat(fromPrometheus).isEqualTo(perMethod);
          for (Map.Entry<String, Long> entry : perMethod.entrySet()) {
            String one = "sum by (method) (" + METRIC + "{method=\"" + entry.getKey() + "\"})";
            assertThat(number(prometheus.query(one, at))).as(one).isEqualTo((double) entry.getValue());
          }

          String count = "count(" + METRIC + ")";
          double series = number(prometheus.query(count, at));
          System.out.printf("PromQL %s = %s (expected %s)%n", count, series, 12);
          assertThat(series).isEqualTo(12.0);

          String increase = "increase(" + oneSet + range + ")";
          double increased = number(prometheus.query(increase, at));
          long sent = sentDuringRun(0, 0);
          System.out.printf("PromQL %s = %s (expected %s)%n", increase + " @" + at + " over " + samples.size() + " samples", increased, sent);
          assertThat(increased).as(increase).isCloseTo(sent, org.assertj.core.data.Offset.offset(1e-9));
          String resets = "resets(" + oneSet + "[2m])";
          assertThat(number(prometheus.query(resets, at))).as(resets).isZero();

          JsonNode target = prometheus.target();
          assertThat(target.get("health").asText()).as(target.toString()).isEqualTo("up");
        }
      }
    }
  }
}
