package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.reporters.prometheus.testing.PrometheusServer;
import org.jcounters.reporters.prometheus.testing.Promtool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Prometheus server (Debian's 2.42), started on loopback, scrapes a {@link PrometheusEndpoint}
 * every second while events are sent, across the expiry of a 3 s window; PromQL over its HTTP API
 * must give back exactly what was sent. Run twice: Prometheus' default scrape (OpenMetrics, gzip), and
 * with native histograms on, which makes it ask for protobuf.
 */
class PrometheusServerTest {
  private static final long MS = 1_000_000L;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  /** Events go in and snapshots come out under one lock: the dispatcher is single-threaded, as on the engine's drainer. */
  private static final class LockedEngine implements SnapshotSource {
    final EventNames names = new EventNames(16);
    final EventDispatcher dispatcher = new EventDispatcher(names);

    synchronized void value(String event, long value) {
      dispatcher.value(names.id(event), value, System.nanoTime());
    }

    @Override
    public synchronized Snapshot snapshot() {
      return new Snapshot(dispatcher.values(System.nanoTime()), 0, System.currentTimeMillis());
    }
  }

  /** Delegates to the JCounters collector, keeping the headers of each scrape to show which format was served. */
  private static final class HeaderRecorder implements MultiCollector {
    final JCountersCollector delegate;
    final List<String> accepts = new CopyOnWriteArrayList<>();
    final List<String> encodings = new CopyOnWriteArrayList<>();

    HeaderRecorder(JCountersCollector delegate) {
      this.delegate = delegate;
    }

    @Override
    public MetricSnapshots collect() {
      return delegate.collect();
    }

    @Override
    public MetricSnapshots collect(PrometheusScrapeRequest request) {
      if (request instanceof PrometheusHttpRequest http) {
        accepts.add(String.valueOf(http.getHeader("Accept")));
        encodings.add(String.valueOf(http.getHeader("Accept-Encoding")));
      }
      return delegate.collect();
    }
  }

  @ParameterizedTest(name = "native histograms {0}")
  @ValueSource(booleans = {false, true})
  void shouldGiveBackExactlyWhatWasSentThroughARealPrometheus(boolean nativeHistograms) throws Exception {
    Optional<Path> prometheusBinary = PrometheusServer.binary();
    assumeThat(prometheusBinary).isPresent();

    LockedEngine engine = new LockedEngine();
    engine.dispatcher.add(new EventCounter("requests"));
    engine.dispatcher.add(PercentileWindowCounter.ofTimings("latency").window(Duration.ofSeconds(3)).build());
    engine.dispatcher.add(new AverageTimeCounter("latency_avg", List.of("latency"), Duration.ofSeconds(3)));
    PrometheusRegistry registry = new PrometheusRegistry();
    HeaderRecorder recorder = new HeaderRecorder(new JCountersCollector(engine));
    registry.register(recorder);

    try (PrometheusEndpoint endpoint = PrometheusEndpoint.builder(registry).port(0).start()) {
      assertThat(endpoint.address().isLoopbackAddress()).isTrue();
      engine.value("requests", 1); // warm-up: the series exist before the counted events
      engine.value("latency", 3 * MS);
      String[] flags = nativeHistograms ? new String[] {"--enable-feature=native-histograms"} : new String[0];
      try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary.get(), dir, endpoint.port(), flags)) {
        prometheus.awaitSamples("jcounters_requests_total", 2);

        // Batch 1, then the 3 s window expires (buckets of 0.3 s), then batch 2.
        send(engine, 75, 24, 1);
        Thread.sleep(4_500);
        assertThat(engine.snapshot().value("latency")).isSameAs(CounterValue.empty()); // the window did expire
        send(engine, 75, 24, 2);
        Thread.sleep(2_500);
        int sent = 100 + 101;

        JsonNode samples = prometheus.query("jcounters_requests_total[2m]", null).get(0).get("values");
        double first = samples.get(0).get(0).asDouble();
        double last = samples.get(samples.size() - 1).get(0).asDouble();
        String range = "[" + Math.round((last - first) * 1000) + "ms]";
        String at = String.format(java.util.Locale.ROOT, "%.3f", last);
        for (String counter : List.of("jcounters_requests_total", "jcounters_latency_seconds_count", "jcounters_latency_avg_seconds_count")) {
          String increase = "increase(" + counter + range + ")";
          double value = PrometheusServer.number(prometheus.query(increase, at));
          System.out.printf("PromQL %s @%s = %s (sent %d)%n", increase, at, value, sent);
          assertThat(value).as(increase).isCloseTo(sent, org.assertj.core.data.Offset.offset(1e-9));
          double resets = PrometheusServer.number(prometheus.query("resets(" + counter + "[2m])", at));
          assertThat(resets).as("resets of " + counter).isZero();
        }
        // True p99 of the 202 latencies (151 x 3 ms, 48 x 7 ms, 3 x 40 ms) is 40 ms: bucket (0.025, 0.05].
        String quantile = "histogram_quantile(0.99, jcounters_latency_seconds_bucket)";
        double p99 = PrometheusServer.number(prometheus.query(quantile, at));
        System.out.printf("PromQL %s @%s = %s (true p99 0.04, bucket (0.025, 0.05])%n", quantile, at, p99);
        assertThat(p99).isGreaterThan(0.025).isLessThanOrEqualTo(0.05);

        JsonNode target = prometheus.target();
        assertThat(target.get("health").asText()).as(target.toString()).isEqualTo("up");
        String accept = recorder.accepts.get(recorder.accepts.size() - 1);
        Class<?> served = ExpositionFormats.init().findWriter(accept).getClass();
        System.out.printf("Prometheus (native histograms %s) sent Accept: %s, Accept-Encoding: %s -> %s%n",
            nativeHistograms, accept, recorder.encodings.get(recorder.encodings.size() - 1), served.getSimpleName());
        assertThat(served).isEqualTo(nativeHistograms ? PrometheusProtobufWriter.class : OpenMetricsTextFormatWriter.class);
        assertThat(recorder.encodings).allMatch(encoding -> encoding.contains("gzip"));
      }

      // Text 0.0.4 (no Accept header), read back by promtool.
      Optional<Path> promtool = Promtool.binary("promtool");
      if (promtool.isPresent()) {
        HttpResponse<byte[]> text = HTTP.send(HttpRequest.newBuilder(endpoint.uri()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Promtool.Result check = Promtool.checkMetrics(promtool.get(), text.body());
        assertThat(check.exitCode()).as(check.output()).isZero();
      }
    }
  }

  private static void send(LockedEngine engine, int fast, int medium, int slow) {
    for (int i = 0; i < fast + medium + slow; i++) {
      engine.value("requests", 1);
      engine.value("latency", (i < fast ? 3 : i < fast + medium ? 7 : 40) * MS);
    }
  }
}
