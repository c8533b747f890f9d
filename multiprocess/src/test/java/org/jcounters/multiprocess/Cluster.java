package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Child JVMs running {@link TestNodeMain} on free loopback ports, their report and status files, and
 * polling helpers with timeouts. Closing destroys every child still running.
 */
final class Cluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final int[] ports;
  final Path report;
  /** Every report written, one JSON line each, in the order written (children started with {@link #logArg()}). */
  final Path reportLog;
  private final Map<Integer, Process> children = new HashMap<>();
  private final List<JsonNode> logged = new ArrayList<>();
  private long logOffset;

  Cluster(Path dir, int portCount) throws IOException {
    this.dir = dir;
    this.ports = freePorts(portCount);
    this.report = dir.resolve("report.json");
    this.reportLog = dir.resolve("reports.log");
  }

  /** The argument that makes a child append every report it writes to {@link #reportLog}. */
  String logArg() {
    return "log=" + reportLog;
  }

  /** Every report in {@link #reportLog} so far, in the order written; read incrementally, a line being written is left for later. */
  synchronized List<JsonNode> loggedReports() {
    try {
      if (Files.exists(reportLog)) {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(reportLog)) {
          long size = in.size();
          if (size > logOffset) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - logOffset));
            while (buffer.hasRemaining() && in.read(buffer, logOffset + buffer.position()) > 0) {
              // all of the new bytes
            }
            byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < buffer.position(); i++) {
              if (bytes[i] == '\n') {
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                try {
                  logged.add(JSON.readTree(line));
                } catch (IOException e) {
                  throw new AssertionError("report " + logged.size() + " of the log is not one JSON line: " + line, e);
                }
                lineStart = i + 1;
              }
            }
            logOffset += lineStart;
          }
        }
      }
      return new ArrayList<>(logged);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + reportLog, e);
    }
  }

  /** The last report of the log, or null. */
  JsonNode lastLoggedReport() {
    List<JsonNode> reports = loggedReports();
    return reports.isEmpty() ? null : reports.get(reports.size() - 1);
  }

  /** A report's collection time in epoch milliseconds. */
  static long timeMillis(JsonNode report) {
    return (long) (report.get("__collection_time__").asDouble() * 1000);
  }

  /** Distinct ports free on loopback right now (held together while picking, so they differ). */
  static int[] freePorts(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  String portsArg() {
    StringBuilder b = new StringBuilder("ports=");
    for (int i = 0; i < ports.length; i++) {
      b.append(i == 0 ? "" : ",").append(ports[i]);
    }
    return b.toString();
  }

  /** Starts node {@code index} with the cluster's ports, report and status files, plus {@code extra} arguments. */
  Process start(int index, String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        // small, quick-starting JVMs: a dozen of them share two cores with the build
        "-Xmx64m", "-Xss512k", "-Xshare:auto", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData",
        "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
        TestNodeMain.class.getName(),
        "index=" + index, portsArg(), "status=" + statusPath(index), "report=" + report));
    command.addAll(List.of(extra));
    Path log = logPath(index);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start(); // stdin stays a pipe: the child exits when it reaches end of stream
    children.put(index, process);
    return process;
  }

  Process process(int index) {
    return children.get(index);
  }

  Path statusPath(int index) {
    return dir.resolve("status-" + index + ".json");
  }

  Path logPath(int index) {
    return dir.resolve("node-" + index + ".log");
  }

  /** The status node {@code index} wrote last, or null if none yet. */
  JsonNode status(int index) {
    return readJson(statusPath(index));
  }

  /** The leader's last report, or null if none yet. */
  JsonNode report() {
    return readJson(report);
  }

  private static JsonNode readJson(Path path) {
    try {
      return Files.exists(path) ? JSON.readTree(path.toFile()) : null;
    } catch (IOException e) {
      return null; // replaced between exists and read: try again on the next poll
    }
  }

  /** Index of the node whose status says it leads, or -1. */
  int leaderIndex(Set<Integer> among) {
    for (int i : among) {
      JsonNode s = status(i);
      if (s != null && "LEADER".equals(s.path("state").asText())) {
        return i;
      }
    }
    return -1;
  }

  /** Node id of each node, from their status files. */
  Map<String, Integer> nodeIds(Set<Integer> among) {
    Map<String, Integer> ids = new TreeMap<>();
    for (int i : among) {
      JsonNode s = status(i);
      if (s != null && s.hasNonNull("nodeId")) {
        ids.put(s.get("nodeId").asText(), i);
      }
    }
    return ids;
  }

  /** Polls {@code probe} every 50 ms until it returns non-null, or fails after {@code timeoutMillis} with the children's logs. */
  <T> T await(String what, long timeoutMillis, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what + "\n" + diagnostics());
  }

  String diagnostics() {
    StringBuilder b = new StringBuilder();
    b.append("report: ").append(report()).append('\n');
    for (int i : new TreeMap<>(children).keySet()) {
      b.append("status ").append(i).append(": ").append(status(i)).append('\n');
      try {
        List<String> lines = Files.readAllLines(logPath(i), StandardCharsets.UTF_8);
        b.append("--- log of node ").append(i).append(" (last 30 lines)\n");
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
      } catch (IOException e) {
        b.append("(no log)\n");
      }
    }
    return b.toString();
  }

  /**
   * Checks a report: every node report is exactly the known values of the node it belongs to, and the
   * merged values are exactly the merge of those nodes' known values (no node half in, none missing).
   *
   * @param ids node id to node index, for the nodes the test started; node reports of other ids are skipped
   * @param onlyKnownCounters check only the test's own counters in the merged values (authenticated fuzzing
   *     peers may add others); otherwise the merged values must hold nothing else
   * @return the indices of the nodes covered by the report
   */
  static Set<Integer> verifyExact(JsonNode report, Map<String, Integer> ids, boolean onlyKnownCounters) {
    JsonNode nodes = report.get("__node_reports__");
    assertThat(nodes).as("node reports in %s", report).isNotNull();
    Set<Integer> covered = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> node : nodes.properties()) {
      Integer index = ids.get(node.getKey());
      if (index == null) {
        continue; // a fuzzing peer that authenticated
      }
      covered.add(index);
      assertThat(toMap(node.getValue(), Set.of())).as("node report of %s", index).isEqualTo(KnownValues.reportOf(index));
    }
    Map<String, Object> merged = toMap(report, Set.of());
    if (onlyKnownCounters) {
      merged.keySet().retainAll(KnownValues.of(0).keySet());
    }
    assertThat(merged).as("merged values of nodes %s", covered).isEqualTo(KnownValues.mergedReport(covered));
    return covered;
  }

  /** A report's counters as plain Java values (longs, doubles, maps, null), without the {@code __x__} keys. */
  static Map<String, Object> toMap(JsonNode object, Set<String> ignored) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (field.getKey().startsWith("__") || ignored.contains(field.getKey())) {
        continue;
      }
      out.put(field.getKey(), value(field.getValue()));
    }
    return out;
  }

  private static Object value(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isObject()) {
      return toMap(v, Set.of());
    }
    return v.asText();
  }

  @Override
  public void close() {
    for (Process p : children.values()) {
      p.destroyForcibly();
    }
    for (Process p : children.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
