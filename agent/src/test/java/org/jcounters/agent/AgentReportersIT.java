package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 2: a JVM with no JCounters code, only the agent and a rows file naming reporters, gets its report. */
class AgentReportersIT {
  @TempDir
  Path dir;

  @Test
  void shouldWriteTheJsonReportOfAnApplicationWithoutJCountersCode() throws Exception {
    Path report = dir.resolve("app.counters.json");
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        {
          "patches": [
            {"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy_time"},
            {"class": "com.example.app.Shop", "method": "weigh", "event": "shop_weigh_frequency", "counter": "FrequencyCounter"}
          ],
          "reporters": {"json": {"file": "%s", "period_seconds": 0.5}, "prometheus": {"port": 0}}
        }
        """.formatted(report));

    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of(), ChildJvm.APP_ONLY, "com.example.app.ReportingApp", "1200");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).startsWith("app done");
    assertThat(report).as(result.toString()).exists();
    Map<String, Object> values = JsonFileReporter.read(report);
    assertThat(values).containsKeys("shop_buy_time", "shop_weigh_frequency", "__collection_time__", "__dropped_events__");
    assertThat(values.get("shop_buy_time")).isInstanceOf(Double.class);
    assertThat(result.stderr()).containsPattern("Prometheus metrics on http://127\\.0\\.0\\.1:\\d+/metrics");
  }
}
