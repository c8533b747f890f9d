package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 6: each bad input gets a clear message, and the application runs on (unpatched where the input was bad). */
class AgentBadInputIT {
  private static final String GOOD_ROW =
      "{\"class\": \"com.example.app.Shop\", \"method\": \"buy\", \"event\": \"shop_buy\", \"counter\": \"EventCounter\"}";

  @TempDir
  Path dir;

  @Test
  void shouldRunUnpatchedWithoutArgument() throws Exception {
    ChildJvm.Result result = ChildJvm.run("", List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.PlainApp");
    assertRanOn(result);
    assertThat(result.stderr()).contains("no patches file: start the agent as -javaagent:jcounters-agent.jar=<patches.json>");
  }

  @Test
  void shouldRunUnpatchedWhenTheFileIsMissing() throws Exception {
    ChildJvm.Result result = ChildJvm.run(dir.resolve("nowhere.json").toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.PlainApp");
    assertRanOn(result);
    assertThat(result.stderr()).contains("nowhere.json does not exist; nothing is patched, the application runs on");
  }

  @Test
  void shouldRunUnpatchedWhenTheFileIsMalformed() throws Exception {
    Path file = write("[{\"class\": \"com.example.app.Shop\",\n \"method\": buy}]");
    ChildJvm.Result result = ChildJvm.run(file.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.PlainApp");
    assertRanOn(result);
    assertThat(result.stderr()).contains("is not valid JSON").contains("at line 2, column");
  }

  @Test
  void shouldReportOnceARowWhoseClassNeverLoads() throws Exception {
    Path file = write("{\"patches\": [" + GOOD_ROW + ", {\"class\": \"com.example.app.Nope\", \"method\": \"run\", \"event\": \"nope\"}],"
        + " \"unmatched_report_after_seconds\": 0.5}");
    ChildJvm.Result result = ChildJvm.run(file.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.CountingApp", "1500");
    assertRanPatched(result);
    assertThat(result.stderr()).containsOnlyOnce("row 1 (com.example.app.Nope.run -> nope): class com.example.app.Nope was loaded in the first 0.5 s");
  }

  @Test
  void shouldReportAMethodTheLoadedClassDoesNotDeclare() throws Exception {
    Path file = write("[" + GOOD_ROW + ", {\"class\": \"com.example.app.Shop\", \"method\": \"sell\", \"event\": \"shop_sell\"}]");
    ChildJvm.Result result = ChildJvm.run(file.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.CountingApp");
    assertRanPatched(result);
    assertThat(result.stderr()).contains("row 1 (com.example.app.Shop.sell -> shop_sell): com.example.app.Shop declares no method 'sell'")
        .contains("it declares: [audit, audits, buy, empty, fail, price, weigh]");
  }

  @Test
  void shouldReportParameterTypesMatchingNoOverload() throws Exception {
    Path file = write("[" + GOOD_ROW + ", {\"class\": \"com.example.app.Shop\", \"method\": \"weigh\", \"parameters\": [\"long\"], \"event\": \"w\"}]");
    ChildJvm.Result result = ChildJvm.run(file.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.CountingApp");
    assertRanPatched(result);
    assertThat(result.stderr()).contains("no overload of com.example.app.Shop.weigh takes (long); its overloads: weigh(int), weigh(java.lang.String)");
  }

  @Test
  void shouldReportWrongValuesInARow() throws Exception {
    Path file = write("[" + GOOD_ROW + ", {\"class\": \"com.example.app.Shop\", \"method\": \"weigh\", \"event\": \"w\", \"counter\": \"Histogram\"},"
        + " {\"class\": \"com.example.app.Shop\", \"method\": 5, \"event\": \"w\"}, {\"klass\": \"x\"}]");
    ChildJvm.Result result = ChildJvm.run(file.toString(), List.of(), ChildJvm.APP_WITH_JCOUNTERS, "com.example.app.CountingApp");
    assertRanPatched(result);
    assertThat(result.stderr())
        .contains("row 1 {\"class\":\"com.example.app.Shop\",\"method\":\"weigh\",\"event\":\"w\",\"counter\":\"Histogram\"} is ignored: \"counter\" must be one of [AverageTimeCounter,")
        .contains("row 2 {\"class\":\"com.example.app.Shop\",\"method\":5,\"event\":\"w\"} is ignored: \"class\", \"method\" and \"event\" must each be a non-empty string")
        .contains("row 3 {\"klass\":\"x\"} is ignored: unknown key \"klass\"");
  }

  private Path write(String content) throws Exception {
    Path file = dir.resolve("patches.json");
    Files.writeString(file, content);
    return file;
  }

  private static void assertRanOn(ChildJvm.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).contains("app done 95");
    assertThat(result.stdout()).as("the agent never writes to standard output").startsWith("app done");
  }

  /** Ran on, and the good row was applied in spite of the bad ones. */
  private static void assertRanPatched(ChildJvm.Result result) {
    assertRanOn(result);
    assertThat(result.stdout()).as(result.toString()).contains("shop_buy=10 type=EventCounter");
  }
}
