package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 1: a child JVM started with the agent and a rows file gets exact counts of every kind of patched method. */
class AgentPatchesIT {
  @TempDir
  Path dir;

  @Test
  void shouldTimeEveryKindOfMethodWithExactCounts() throws Exception {
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        [
          {"class": "com.example.app.Shop", "method": "<init>", "event": "shop_new", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "audit", "event": "shop_audit", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "price", "event": "shop_price", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "weigh", "parameters": ["int"], "event": "shop_weigh_int", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "fail", "event": "shop_fail", "counter": "EventCounter"},
          {"class": "com.example.app.*", "method": "put", "event": "box_put", "counter": "EventCounter"},
          {"class": "java.util.zip.CRC32", "method": "update", "parameters": ["int"], "event": "crc_update", "counter": "EventCounter"},
          {"class": "java.util.zip.*", "method": "getValue", "event": "crc_value", "counter": "EventCounter"},
          {"class": "com.example.app.LateLoaded", "method": "run", "event": "late_run", "counter": "EventCounter"},
          {"class": "com.example.app.Shop", "method": "empty", "event": "app_choice"},
          {"class": "com.example.app.Shop", "method": "empty", "event": "empty_time"}
        ]
        """);

    // The application bundles JCounters (and Byte Buddy) itself: the agent's engine must still be the only one.
    ChildJvm.Result result = ChildJvm.run(rows.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.PatchedApp");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, String> values = ChildJvm.values(result);
    assertThat(values.get("engine loader")).as("JCounters comes from the bootstrap class path").isEqualTo("null");
    assertThat(values).as(result.toString())
        .containsEntry("shop_new", "3 type=EventCounter")          // constructor
        .containsEntry("shop_buy", "5 type=EventCounter")          // instance method
        .containsEntry("shop_audit", "5 type=EventCounter")        // private, called from inside its class
        .containsEntry("shop_price", "9 type=EventCounter")        // static: 5 from buy, 4 direct
        .containsEntry("shop_weigh_int", "6 type=EventCounter")    // one overload of two
        .containsEntry("shop_fail", "2 type=EventCounter")         // ended although it threw
        .containsEntry("box_put", "7 type=EventCounter")           // bridge skipped: counted once per call
        .containsEntry("crc_update", "8 type=EventCounter")        // a JDK class named explicitly
        .containsEntry("late_run", "2 type=EventCounter")          // a class loaded after start-up
        .containsEntry("app_choice", "9 type=EventCounter");       // the application's counter replaced the agent's
    assertThat(values.get("crc_value")).as("a package prefix never reaches JDK classes").startsWith("null");
    assertThat(values.get("empty_time")).matches("[0-9.E-]+ type=AverageTimeCounter");
    assertThat(result.stderr()).contains("JDK classes are patched only when named one by one")
        .contains("counter 'app_choice': the application's");
  }
}
