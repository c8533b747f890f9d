package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 2: a JVM with no JCounters code, only the agent and a rows file naming reporters, gets its report. */
class AgentReportersIT {
  @TempDir
  Path dir;

  @Test
  void shouldWriteTheJsonReportAndServePrometheusForAnApplicationWithoutJCountersCode() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path report = dir.resolve("app.counters.json");
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        {
          "patches": [
            {"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy_time"},
            {"class": "com.example.app.Shop", "method": "weigh", "event": "shop_weigh_frequency", "counter": "FrequencyCounter"}
          ],
          "reporters": {"json": {"file": "%s", "period_seconds": 0.5}, "prometheus": {"port": %d}}
        }
        """.formatted(report, port));

    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of(), ChildJvm.APP_ONLY, "com.example.app.ReportingApp", "1200",
        "http://127.0.0.1:" + port + "/metrics");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).startsWith("app done");
    assertThat(report).as(result.toString()).exists();
    Map<String, Object> values = JsonFileReporter.read(report);
    assertThat(values).containsKeys("shop_buy_time", "shop_weigh_frequency", "__collection_time__", "__dropped_events__");
    assertThat(values.get("shop_buy_time")).isInstanceOf(Double.class);
    assertThat(result.stderr()).contains("Prometheus metrics on http://127.0.0.1:" + port + "/metrics");
    // The agent's relocated client_java serves the text format, the application's class path has none.
    assertThat(result.stdout()).as(result.toString()).contains("scrape status 200")
        .contains("scraped: jcounters_shop_buy_time_seconds_count 10")
        .containsPattern("scraped: jcounters_shop_weigh_frequency [0-9.E-]+\\n");
  }

  @Test
  void shouldSayWhyTheApplicationsOwnReportersCannotServePrometheusWithoutClientJava() throws Exception {
    // The application bundles jcounters-reporters but not client_java (optional there). The agent's jar
    // comes last on the class path, so the agent runs the application's reporters, which cannot reach the
    // agent's relocated client_java: the JSON report works, Prometheus is refused with a reason.
    String classPath = Stream.of(ChildJvm.APP_WITH_JCOUNTERS.split(File.pathSeparator))
        .filter(entry -> !entry.contains(File.separator + "io" + File.separator + "prometheus" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).contains("jcounters-reporters").doesNotContain("prometheus-metrics");
    Path report = dir.resolve("app.counters.json");
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        {
          "patches": [{"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy_time"}],
          "reporters": {"json": {"file": "%s", "period_seconds": 0.5}, "prometheus": {"port": 0}}
        }
        """.formatted(report));

    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of(), classPath, "com.example.app.ReportingApp", "600");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(JsonFileReporter.read(report)).as(result.toString()).containsKey("shop_buy_time");
    assertThat(result.stderr()).as(result.toString())
        .contains("cannot serve Prometheus metrics on port 0: the application's own JCounters reporters")
        .contains("org.jcounters:jcounters-prometheus")
        .doesNotContain("Prometheus metrics on http");
  }
}
