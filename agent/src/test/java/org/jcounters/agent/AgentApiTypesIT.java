package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the bootstrap class path keeps the third-party types of JCounters' public API
 * (HdrHistogram's, Agrona's {@code IdleStrategy}) under their own names, so that an application
 * bundling JCounters calls that API with the agent as without it; the reporters' client_java types
 * are the application's own (its jcounters-reporters come first on the class path).
 */
class AgentApiTypesIT {
  @TempDir
  Path dir;

  @Test
  void shouldLetTheApplicationCallApiTakingAndReturningThirdPartyTypes() throws Exception {
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        {
          "patches": [{"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy"}],
          "reporters": {"prometheus": {"port": 0}}
        }
        """);

    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.ApiTypesApp");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, String> values = ChildJvm.values(result);
    assertThat(values).as(result.toString())
        .containsEntry("engine loader", "null")
        .containsEntry("histogram count", "1000")
        .containsEntry("histogram loader", "null")
        .containsEntry("distribution count", "1000")
        .containsEntry("collector loader", "true");
    assertThat(values.get("prometheus families")).as(result.toString()).contains("sizes");
    assertThat(result.stderr()).as(result.toString()).containsPattern("Prometheus metrics on http://127\\.0\\.0\\.1:\\d+/metrics");
  }
}
