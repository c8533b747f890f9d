package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileReporterTest {
  @TempDir Path dir;

  /**
   * A leader's report, computed by hand: node-1 handled 2 requests averaging 0.2 s and 1000 bytes,
   * node-2 3 requests averaging 0.5 s and 840 bytes; merged, (2 * 0.2 + 3 * 0.5) / 5 = 0.38 s and 1840 bytes.
   */
  static Report leaderReport() {
    Map<String, CounterValue> node1 = Map.of("requests_time", new Average(0.2, 2), "requests_data_len", new LongSum(1000));
    Map<String, CounterValue> node2 = Map.of("requests_time", new Average(0.5, 3), "requests_data_len", new LongSum(840));
    Map<String, CounterValue> merged = Map.of(
        "requests_time", new Average(0.38, 5),
        "requests_data_len", new LongSum(1840),
        "requests_frequency", new DoubleSum(2.0),
        "peak", new Max(17),
        "idle", CounterValue.empty(),
        "broken", new DoubleSum(Double.NaN),
        "tiny", new DoubleSum(1.5e-7),
        "by_kind", new Accumulated(Map.of("a.b", new LongSum(3), "c", new DoubleSum(0.5))));
    return new Report(merged, 2, 1712345678.25, Map.of("node-1", node1, "node-2", node2));
  }

  @Test
  void shouldWriteTheFlatPyCountersFormatThatPythonReadsWithTheExactValues() throws Exception {
    assumeTrue(python3Available(), "python3 is needed to check the file the way PyCounters readers read it");
    Path file = dir.resolve("server.counters.json");
    new JsonFileReporter(file).report(leaderReport());

    // Prints every key in file order with Python's own type and repr, nested objects flattened with '/'.
    String script = String.join("\n",
        "import json, sys",
        "def show(prefix, obj):",
        "    for k in obj:",
        "        v = obj[k]",
        "        if isinstance(v, dict):",
        "            print(prefix + k, 'dict')",
        "            show(prefix + k + '/', v)",
        "        else:",
        "            print(prefix + k, type(v).__name__, repr(v))",
        "show('', json.load(open(sys.argv[1])))");
    Process python = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(out).isEqualTo(String.join("\n",
        "broken NoneType None",
        "by_kind dict",
        "by_kind/a.b int 3",
        "by_kind/c float 0.5",
        "idle NoneType None",
        "peak int 17",
        "requests_data_len int 1840",
        "requests_frequency float 2.0",
        "requests_time float 0.38",
        "tiny float 1.5e-07",
        "__collection_time__ float 1712345678.25",
        "__dropped_events__ int 2",
        "__node_reports__ dict",
        "__node_reports__/node-1 dict",
        "__node_reports__/node-1/requests_data_len int 1000",
        "__node_reports__/node-1/requests_time float 0.2",
        "__node_reports__/node-2 dict",
        "__node_reports__/node-2/requests_data_len int 840",
        "__node_reports__/node-2/requests_time float 0.5",
        ""));
    assertThat(python.exitValue()).isZero();
  }

  @Test
  void shouldReadBackLongsDoublesNullsAndMaps() throws IOException {
    Path file = dir.resolve("r.json");
    new JsonFileReporter(file).report(leaderReport());

    Map<String, Object> read = JsonFileReporter.read(file);

    assertThat(read).contains(
        entry("requests_data_len", 1840L),
        entry("requests_time", 0.38),
        entry("idle", null),
        entry("__collection_time__", 1712345678.25),
        entry("__dropped_events__", 2L),
        entry("by_kind", Map.of("a.b", 3L, "c", 0.5)));
    assertThat(read.keySet()).startsWith("broken", "by_kind", "idle").endsWith("__collection_time__", "__dropped_events__", "__node_reports__");
    assertThat(Files.readString(file)).startsWith("{\"broken\":null,").contains("\"__collection_time__\":1712345678.25,");
  }

  @Test
  void shouldNeverLetAReaderSeeAPartialFile() throws Exception {
    Path file = dir.resolve("r.json");
    JsonFileReporter reporter = new JsonFileReporter(file);
    reporter.report(Reports.of(0));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> readFailure = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try {
        while (writing.get()) {
          Map<String, Object> read = JsonFileReporter.read(file);
          if (!(read.get("n") instanceof Long) || !read.containsKey("__collection_time__")) {
            throw new AssertionError("incomplete report: " + read);
          }
          reads.incrementAndGet();
        }
      } catch (Throwable t) {
        readFailure.set(t);
      }
    });
    reader.start();

    for (int i = 1; i <= 1_000; i++) {
      reporter.report(Reports.of(i));
    }
    writing.set(false);
    reader.join(10_000);

    assertThat(readFailure.get()).isNull();
    assertThat(reads.get()).isPositive();
    assertThat(JsonFileReporter.read(file)).containsEntry("n", 1000L);
    assertThat(filesIn(dir)).containsExactly("r.json"); // no temporary file left behind
  }

  @Test
  void shouldFailClearlyWhenTheDirectoryIsMissingAndWorkOnceItExists() throws IOException {
    Path missing = dir.resolve("not-yet");
    JsonFileReporter reporter = new JsonFileReporter(missing.resolve("r.json"));

    assertThatThrownBy(() -> reporter.report(Reports.of(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write the JSON report to " + missing.resolve("r.json"))
        .hasMessageContaining("directory " + missing + " does not exist");

    Files.createDirectory(missing);
    reporter.report(Reports.of(2));
    assertThat(JsonFileReporter.read(reporter.path())).containsEntry("n", 2L);
  }

  @Test
  void shouldFailClearlyWhenTheParentIsARegularFile() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    JsonFileReporter reporter = new JsonFileReporter(notADirectory.resolve("r.json"));

    assertThatThrownBy(() -> reporter.report(Reports.of(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(notADirectory + " is not a directory");
  }

  @Test
  void shouldFailClearlyWhenADirectoryIsInTheWayAndWorkOnceItIsGone() throws IOException {
    Path target = Files.createDirectory(dir.resolve("r.json"));
    Files.writeString(target.resolve("inside"), "x");
    JsonFileReporter reporter = new JsonFileReporter(target);

    assertThatThrownBy(() -> reporter.report(Reports.of(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write the JSON report to " + target + ": a directory is in the way");
    assertThat(filesIn(dir)).containsExactly("r.json"); // the temporary file was cleaned up

    Files.delete(target.resolve("inside"));
    Files.delete(target);
    reporter.report(Reports.of(2));
    assertThat(JsonFileReporter.read(target)).containsEntry("n", 2L);
  }

  @Test
  void shouldKeepTheUsualFilePermissionsSoThatOtherUsersCanRead() throws IOException {
    Path file = dir.resolve("r.json");
    new JsonFileReporter(file).report(Reports.of(1));
    Path usual = Files.writeString(dir.resolve("usual"), "x");

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(usual));
  }

  @Test
  void shouldSayWhichFileIsMissing() {
    Path missing = dir.resolve("none.json");

    assertThatThrownBy(() -> JsonFileReporter.read(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no JSON report there");
  }

  @Test
  void shouldSayWhereAReportIsMalformed() throws IOException {
    Path truncated = Files.writeString(dir.resolve("truncated.json"), "{\"a\": 1,\n \"b\": ");
    Path empty = Files.writeString(dir.resolve("empty.json"), "");
    Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
    Path trailing = Files.writeString(dir.resolve("trailing.json"), "{\"a\": 1} {");

    assertThatThrownBy(() -> JsonFileReporter.read(truncated))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("malformed JSON in report file " + truncated + " at line 2");
    assertThatThrownBy(() -> JsonFileReporter.read(empty)).hasMessageContaining("malformed JSON in report file").hasMessageContaining("empty");
    assertThatThrownBy(() -> JsonFileReporter.read(array)).hasMessageContaining("expected one JSON object, found ARRAY");
    assertThatThrownBy(() -> JsonFileReporter.read(trailing)).hasMessageContaining("malformed JSON in report file");
  }

  @Test
  void shouldRejectACounterNamedLikeAReportKey() {
    Report clash = new Report(Map.of(Report.COLLECTION_TIME_KEY, new LongSum(1)), 0, 1.0, Map.of());

    assertThatThrownBy(() -> new JsonFileReporter(dir.resolve("r.json")).report(clash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rename the counter");
  }

  @Test
  void shouldReadBackTheLongestNameCoreAcceptsAndALeadersEpochAndStaleNodes() throws IOException {
    // 3 UTF-8 bytes a char: the worst case for Jackson's byte-counted name limit
    String longest = "\u20ac".repeat(EventNames.MAX_NAME_CHARS);
    Path file = dir.resolve("long.json");
    new JsonFileReporter(file).report(new Report(Map.of(longest, new LongSum(7)), 0, 1.5,
        Map.of("node-a", Map.of(longest, new LongSum(7))), 12, Map.of("node-a", 0.25)));

    Map<String, Object> read = JsonFileReporter.read(file);

    assertThat(read).containsEntry(longest, 7L).containsEntry("__leader_epoch__", 12L)
        .containsEntry("__stale_nodes__", Map.of("node-a", 0.25));
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean python3Available() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
