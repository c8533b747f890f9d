package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jcounters.JCounters;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventFamily;
import org.jcounters.core.Report;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.TotalCounter;
import org.jcounters.reporters.JsonFileReporter;
import org.jcounters.reporters.LogReporter;
import org.jcounters.reporters.prometheus.PrometheusMapping;
import org.jcounters.reporters.prometheus.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Labels end to end: 4 threads report {@code http_requests} with 3 methods x 4 statuses on a real
 * engine; a family {@code TotalCounter} has exactly the 12 label sets with exact totals in the
 * snapshot, the JSON file (read back with Jackson), the log lines and the Prometheus text (checked by
 * {@code promtool check metrics} where it is installed).
 */
class LabelsEndToEndTest {
  private static final String[] METHODS = {"GET", "POST", "PUT"};
  private static final String[] STATUSES = {"200", "404", "500", "503"};
  private static final int THREADS = 4;
  private static final int ROUNDS = 25_000;

  @TempDir Path dir;

  private static Map<String, Long> expected() {
    Map<String, Long> out = new TreeMap<>();
    for (int m = 0; m < METHODS.length; m++) {
      for (int s = 0; s < STATUSES.length; s++) {
        out.put("method=" + METHODS[m] + ",status=" + STATUSES[s], (long) THREADS * ROUNDS * (m + s + 1));
      }
    }
    return out;
  }

  @Test
  void shouldReportTwelveExactLabelSetsEverywhere() throws Exception {
    Snapshot snapshot;
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("http_requests"));
      EventFamily requests = engine.family("http_requests", "method", "status");
      CountDownLatch start = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
            for (int r = 0; r < ROUNDS; r++) {
              for (int m = 0; m < METHODS.length; m++) {
                for (int s = 0; s < STATUSES.length; s++) {
                  engine.value(requests.id(METHODS[m], STATUSES[s]), m + s + 1);
                }
              }
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertThat(failure.get()).isNull();
      snapshot = engine.snapshot();
    }

    // The snapshot.
    CounterValue.Labelled labelled = (CounterValue.Labelled) snapshot.value("http_requests");
    Map<String, Long> fromSnapshot = new TreeMap<>();
    labelled.series().forEach((key, value) -> fromSnapshot.put(key, ((CounterValue.LongSum) value).value()));
    assertThat(fromSnapshot).isEqualTo(expected());
    Report report = Report.of(snapshot);

    // The JSON file, read back with Jackson: one key, an object keyed by label set.
    Path file = dir.resolve("counters.json");
    new JsonFileReporter(file).report(report);
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    Map<String, Long> fromJson = new TreeMap<>();
    json.get("http_requests").properties().forEach(e -> fromJson.put(e.getKey(), e.getValue().longValue()));
    assertThat(fromJson).isEqualTo(expected());
    assertThat(json.get("http_requests").get("method=GET,status=200").isIntegralNumber()).isTrue();

    // The log: one line per label set.
    Capturing logger = new Capturing();
    new LogReporter(logger).report(report);
    Map<String, Long> fromLog = new TreeMap<>();
    Pattern line = Pattern.compile("http_requests\\{(.*)} (\\d+)");
    for (String logged : logger.lines) {
      Matcher matcher = line.matcher(logged);
      assertThat(matcher.matches()).as(logged).isTrue();
      fromLog.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    assertThat(fromLog).isEqualTo(expected());

    // Prometheus text: 12 data points of one counter family with the family's labels.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, PrometheusMapping.defaults().translate(report), EscapingScheme.UNDERSCORE_ESCAPING);
    String text = out.toString(StandardCharsets.UTF_8);
    Map<String, Long> fromText = new TreeMap<>();
    Pattern sample = Pattern.compile("jcounters_http_requests_total\\{method=\"(\\w+)\",status=\"(\\d+)\"} ([0-9.E]+)");
    for (String row : text.split("\n")) {
      Matcher matcher = sample.matcher(row);
      if (matcher.matches()) {
        fromText.put("method=" + matcher.group(1) + ",status=" + matcher.group(2), (long) Double.parseDouble(matcher.group(3)));
      }
    }
    assertThat(fromText).as(text).isEqualTo(expected());
    assertThat(text).contains("# TYPE jcounters_http_requests_total counter");
    Optional<Path> promtool = Promtool.binary("promtool");
    if (promtool.isPresent()) {
      Promtool.Result check = Promtool.checkMetrics(promtool.get(), text.getBytes(StandardCharsets.UTF_8));
      assertThat(check.exitCode()).as("promtool check metrics said: %s", check.output()).isZero();
      System.out.println("promtool check metrics: exit 0 on " + text.split("\n").length + " lines");
    }
  }

  /** An SLF4J logger keeping each formatted INFO line. */
  private static final class Capturing extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Capturing() {
      this.name = "capturing";
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      lines.add(MessageFormatter.basicArrayFormat(pattern, arguments));
    }
  }
}
