package org.jcounters.multiprocess;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcounters.core.Snapshot;
import org.jcounters.reporters.JsonFileReporter;
import org.jcounters.reporters.ReportSource;
import org.jcounters.reporters.ReportingController;

/**
 * A child JVM of the multi-process tests, wired as a user would: a {@link MultiProcessCollection} as the
 * {@link ReportSource} of a {@link ReportingController} with a {@link JsonFileReporter}, so the leader
 * writes PyCounters' JSON file of the merged {@link KnownValues} every interval and the others write
 * nothing. Its {@link CollectionStatus} goes to a status file every 100 ms. Exits when its parent goes (end
 * of standard input) or after its lifetime, so a crashed test run leaves no process behind.
 *
 * <p>Arguments, {@code key=value}: {@code index}, {@code ports} (comma separated), {@code role},
 * {@code secret}, {@code bind}, {@code report}, {@code status}, {@code intervalMillis}, {@code timeoutSeconds},
 * {@code lifetimeSeconds}.
 */
public final class TestNodeMain {
  static final int EXIT_ELECTION_FAILED = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestNodeMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      arg.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int index = Integer.parseInt(arg.get("index"));
    Path status = Path.of(arg.get("status"));
    Path report = arg.containsKey("report") ? Path.of(arg.get("report")) : null;
    long interval = Long.parseLong(arg.getOrDefault("intervalMillis", "250"));
    long lifetimeMillis = Long.parseLong(arg.getOrDefault("lifetimeSeconds", "180")) * 1000;
    exitWithParent();

    CollectionConfig.Builder config = CollectionConfig.builder()
        .loopbackPorts(Arrays.stream(arg.get("ports").split(",")).mapToInt(Integer::parseInt).toArray())
        .role(Role.valueOf(arg.getOrDefault("role", "AUTO")))
        .timeout(Duration.ofSeconds(Long.parseLong(arg.getOrDefault("timeoutSeconds", "30"))))
        .ioTimeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofSeconds(1))
        .preferredRetryInterval(Duration.ofMillis(300))
        .rejoinGrace(Duration.ofSeconds(3));
    if (arg.containsKey("secret")) {
      config.secret(arg.get("secret"));
    }
    if (arg.containsKey("bind")) {
      config.bindAddress(InetAddress.getByName(arg.get("bind")));
    }
    long start = System.nanoTime();
    MultiProcessCollection collection;
    try {
      collection = MultiProcessCollection.configure(() -> new Snapshot(KnownValues.of(index), 0, System.currentTimeMillis()), config.build());
    } catch (ElectionException e) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("index", index);
      failed.put("state", "FAILED");
      failed.put("error", e.getMessage());
      writeAtomically(status, failed);
      System.err.println("election failed: " + e.getMessage());
      System.exit(EXIT_ELECTION_FAILED);
      return;
    }
    long firstElectionMillis = (System.nanoTime() - start) / 1_000_000;
    ReportingController reporting = new ReportingController(collection);
    if (report != null) {
      reporting.register(new JsonFileReporter(report));
    }
    reporting.start(Duration.ofMillis(interval));
    long deadline = System.currentTimeMillis() + lifetimeMillis;
    while (System.currentTimeMillis() < deadline) {
      writeAtomically(status, status(index, collection.status(), firstElectionMillis));
      Thread.sleep(100);
    }
    reporting.close();
    collection.close();
    System.exit(0);
  }

  private static Map<String, Object> status(int index, CollectionStatus s, long firstElectionMillis) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index);
    out.put("pid", ProcessHandle.current().pid());
    out.put("nodeId", s.nodeId().toString());
    out.put("state", s.state().name());
    out.put("level", s.level());
    out.put("leaderId", s.leaderId());
    out.put("connectedNodes", s.connectedNodes());
    out.put("firstElectionMillis", firstElectionMillis);
    out.put("lastElectionMillis", s.lastElectionMillis());
    out.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    out.put("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    out.put("time", System.currentTimeMillis());
    return out;
  }

  private static void writeAtomically(Path target, Object json) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    JSON.writeValue(tmp.toFile(), json);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void exitWithParent() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; end of stream means the test JVM is gone
        }
      } catch (IOException e) {
        // same
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
