package org.jcounters.multiprocess;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventFamily;
import org.jcounters.core.Report;
import org.jcounters.core.ReportSource;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.counters.TotalCounter;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventFamilies;
import org.jcounters.internal.core.EventNames;
import org.jcounters.internal.reporters.ReportValues;
import org.jcounters.reporters.JsonFileReporter;
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
 * {@code lifetimeSeconds}, {@code roundDeadlineMillis}, {@code fallBackAfterMillis}, {@code rejoinGraceMillis};
 * {@code log} (a file every written report is appended to, one JSON line each, so a test judges
 * every report actually written, not only the last); {@code longNames=true} (registers, in a real
 * dispatcher, a counter with a {@link #LONG_NAME_CHARS}-char name, {@value #LONG_NAME_VALUE} in it, and tries
 * one with a 1 MiB name, whose refusal goes to the status as {@code registerError}).
 *
 * <p>Every file reporter is registered through {@link MultiProcessCollection#fenced}, with the writer
 * lock beside the report file; after each write the leader reads the file back with
 * {@link JsonFileReporter#read} and counts failures in its status ({@code readBackFailures}).
 */
public final class TestNodeMain {
  static final int EXIT_ELECTION_FAILED = 3;
  static final int LONG_NAME_CHARS = 2000;
  static final long LONG_NAME_VALUE = 42;
  static final String LONG_NAME = "long_" + "n".repeat(LONG_NAME_CHARS - 5);
  private static final AtomicLong READ_BACK_FAILURES = new AtomicLong();
  private static final AtomicLong REPORTS_WRITTEN = new AtomicLong();
  private static volatile String registerError;
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
        .rejoinGrace(Duration.ofMillis(Long.parseLong(arg.getOrDefault("rejoinGraceMillis", "3000"))))
        .roundDeadline(Duration.ofMillis(Long.parseLong(arg.getOrDefault("roundDeadlineMillis", "200"))))
        .fallBackAfter(Duration.ofMillis(Long.parseLong(arg.getOrDefault("fallBackAfterMillis", "3000"))))
        .handshakeTimeout(Duration.ofSeconds(2));
    if (report != null) {
      config.lockFile(report.resolveSibling(report.getFileName() + ".lock"));
    }
    if (arg.containsKey("secret")) {
      config.secret(arg.get("secret"));
    }
    if (arg.containsKey("bind")) {
      config.bindAddress(InetAddress.getByName(arg.get("bind")));
    }
    long start = System.nanoTime();
    MultiProcessCollection collection;
    try {
      SnapshotSource source = Boolean.parseBoolean(arg.get("labels")) ? labelledSource(index)
          : source(index, Boolean.parseBoolean(arg.get("longNames")));
      collection = MultiProcessCollection.configure(source, config.build());
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
      reporting.register(collection.fenced(new JsonFileReporter(report)));
      reporting.register(collection.fenced(r -> readBack(report)));
    }
    if (arg.containsKey("log")) {
      Path log = Path.of(arg.get("log"));
      reporting.register(collection.fenced(r -> append(log, r)));
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
    out.put("leaderEpoch", s.leaderEpoch());
    out.put("reportsWritten", REPORTS_WRITTEN.get());
    out.put("readBackFailures", READ_BACK_FAILURES.get());
    out.put("registerError", registerError);
    out.put("rss", rssBytes());
    out.put("time", System.currentTimeMillis());
    return out;
  }

  /** This node's snapshot: its {@link KnownValues}, plus, with long names, a real dispatcher's counters. */
  private static SnapshotSource source(int index, boolean longNames) {
    if (!longNames) {
      return () -> new Snapshot(KnownValues.of(index), 0, System.currentTimeMillis());
    }
    EventNames names = new EventNames(16);
    EventDispatcher dispatcher = new EventDispatcher(names);
    dispatcher.add(new TotalCounter(LONG_NAME));
    try {
      dispatcher.add(new TotalCounter("huge_" + "n".repeat(1 << 20)));
    } catch (IllegalArgumentException e) {
      registerError = e.getMessage();
    }
    dispatcher.value(names.id(LONG_NAME), LONG_NAME_VALUE, 0);
    return () -> {
      Map<String, CounterValue> values = new LinkedHashMap<>(KnownValues.of(index));
      synchronized (dispatcher) {
        values.putAll(dispatcher.values(System.nanoTime()));
      }
      return new Snapshot(values, 0, System.currentTimeMillis());
    };
  }

  static final String[] METHODS = {"GET", "POST", "PUT"};
  static final String[] STATUSES = {"200", "404", "500", "503"};

  /** What node {@code index} reports under label set (method {@code m}, status {@code s}) of {@code http_requests}. */
  static long labelledTotal(int index, int m, int s) {
    return (index + 1L) * (m + s + 1);
  }

  /**
   * With {@code labels=true}: a real dispatcher with the family {@code http_requests(method, status)},
   * a family {@code TotalCounter} fed 3 methods x 4 statuses ({@link #labelledTotal}) by 4 threads
   * taking turns on it as a drainer would (one at a time), beside the known values.
   */
  private static SnapshotSource labelledSource(int index) throws InterruptedException {
    EventNames names = new EventNames(16);
    EventFamilies families = new EventFamilies(16, 64, set -> {});
    EventDispatcher dispatcher = new EventDispatcher(names, families);
    dispatcher.add(new TotalCounter("http_requests"));
    EventFamily requests = families.family("http_requests", names.id("http_requests"), 100, "method", "status");
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] = new Thread(() -> {
        for (int m = 0; m < METHODS.length; m++) {
          for (int s = 0; s < STATUSES.length; s++) {
            int id = requests.id(METHODS[m], STATUSES[s]);
            long share = labelledTotal(index, m, s) / 4 + (thread == 0 ? labelledTotal(index, m, s) % 4 : 0);
            synchronized (dispatcher) {
              dispatcher.value(id, share, 0);
            }
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return () -> {
      Map<String, CounterValue> values = new LinkedHashMap<>(KnownValues.of(index));
      synchronized (dispatcher) {
        values.putAll(dispatcher.values(System.nanoTime()));
      }
      return new Snapshot(values, 0, System.currentTimeMillis());
    };
  }

  private static void readBack(Path report) {
    try {
      JsonFileReporter.read(report);
    } catch (IOException | RuntimeException e) {
      READ_BACK_FAILURES.incrementAndGet();
      System.err.println("read back failed: " + e);
    }
  }

  /** Appends the report as one JSON line, in one write, so the log holds every report in the order written. */
  private static void append(Path log, Report report) throws IOException {
    byte[] line = (JSON.writeValueAsString(ReportValues.flatten(report)) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
    REPORTS_WRITTEN.incrementAndGet();
  }

  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
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
