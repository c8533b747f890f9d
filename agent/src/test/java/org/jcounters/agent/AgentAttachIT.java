package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test 3: the agent attached to a running JVM retransforms a class that JVM already loaded and used. */
class AgentAttachIT {
  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
  private static final String DYNAMIC_AGENT_WARNING = "A Java agent has been loaded dynamically";

  @TempDir
  Path dir;

  @Test
  void shouldInstrumentAnAlreadyLoadedClassWhenAttached() throws Exception {
    ChildJvm.Result result = attachAndRun(ChildJvm.java(), List.of());
    assertThat(ChildJvm.values(result)).as(result.toString()).containsEntry("shop_buy", "10 type=EventCounter");
  }

  @Test
  void shouldWarnOnJdk21AndLaterUnlessDynamicAgentLoadingIsEnabled() throws Exception {
    assumeTrue(Files.isExecutable(JDK_25), "no JDK 25 at " + JDK_25);
    ChildJvm.Result warned = attachAndRun(JDK_25, List.of());
    assertThat(ChildJvm.values(warned)).as(warned.toString()).containsEntry("shop_buy", "10 type=EventCounter");
    assertThat(warned.stderr()).contains(DYNAMIC_AGENT_WARNING);

    ChildJvm.Result enabled = attachAndRun(JDK_25, List.of("-XX:+EnableDynamicAgentLoading"));
    assertThat(ChildJvm.values(enabled)).as(enabled.toString()).containsEntry("shop_buy", "10 type=EventCounter");
    assertThat(enabled.stderr()).doesNotContain(DYNAMIC_AGENT_WARNING);
  }

  private ChildJvm.Result attachAndRun(Path java, List<String> jvmArgs) throws Exception {
    Path rows = dir.resolve("patches.json");
    Files.writeString(rows, """
        [{"class": "com.example.app.Shop", "method": "buy", "event": "shop_buy", "counter": "EventCounter"}]
        """);
    Process process = ChildJvm.start(java, null, jvmArgs, ChildJvm.APP_ONLY, "com.example.app.WaitingApp");
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!ChildJvm.output(process).stdout().contains("ready")) {
        assertThat(process.isAlive()).as(ChildJvm.output(process).toString()).isTrue();
        assertThat(System.nanoTime()).as("the application did not get ready in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      try {
        vm.loadAgent(ChildJvm.AGENT_JAR.toString(), rows.toString());
      } finally {
        vm.detach();
      }
      try (OutputStream in = process.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      ChildJvm.Result result = ChildJvm.finish(process);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      return result;
    } finally {
      process.destroyForcibly();
    }
  }
}
