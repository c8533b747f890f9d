package org.jcounters.reporters.munin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MuninPluginTest {
  private static final double COLLECTED = 1_712_345_678.0;
  /** The tutorial's graphs, plus one whose id and counters Munin would not accept as they are. */
  private static final String GRAPHS = """
      [
        {"id": "requests_per_sec",
         "global": {"title": "Request Frequency", "category": "PyCounters example"},
         "data": [{"counter": "requests_frequency", "label": "requests per second", "draw": "LINE2"}]},
        {"id": "requests_time",
         "global": {"title": "Request Average Handling Time", "category": "PyCounters example"},
         "data": [{"counter": "requests_time", "label": "Average time per request", "draw": "LINE2"}]},
        {"id": "requests_total_data",
         "global": {"title": "Total data processed", "category": "PyCounters example"},
         "data": [{"counter": "requests_data_len", "label": "total bytes", "draw": "LINE2"}]},
        {"id": "db.queries",
         "global": {"title": "DB", "args": "--base 1000", "order": 2},
         "data": [{"counter": "db.query time", "label": "query time", "min": 0},
                  {"counter": "5xx rate", "label": "errors"},
                  {"counter": "never_reported", "label": "missing"},
                  {"counter": "idle", "label": "no data yet"}]}
      ]
      """;

  @TempDir Path dir;
  private Path reportFile;
  private Path graphsFile;

  @BeforeEach
  void writeFiles() throws IOException {
    reportFile = dir.resolve("server.counters.json");
    graphsFile = Files.writeString(dir.resolve("graphs.json"), GRAPHS);
    new JsonFileReporter(reportFile).report(new Report(
        Map.of(
            "requests_frequency", new CounterValue.DoubleSum(9.75),
            "requests_time", new CounterValue.Average(0.00039, 40),
            "requests_data_len", new CounterValue.LongSum(1840),
            "db.query time", new CounterValue.Average(1.5e-7, 3),
            "5xx rate", new CounterValue.DoubleSum(0.5),
            "idle", CounterValue.empty()),
        0, COLLECTED, Map.of()));
  }

  private MuninPlugin pluginAt(double unixSeconds) throws IOException {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(Math.round(unixSeconds * 1000)), ZoneOffset.UTC);
    return new MuninPlugin(reportFile, MuninPlugin.readGraphs(graphsFile), MuninPlugin.DEFAULT_MAX_REPORT_AGE, clock);
  }

  @Test
  void shouldAnswerConfigWithEveryGraphAndOption() throws IOException {
    assertThat(pluginAt(COLLECTED).config()).isEqualTo("""
        multigraph requests_per_sec
        graph_title Request Frequency
        graph_category PyCounters example
        requests_frequency.label requests per second
        requests_frequency.draw LINE2

        multigraph requests_time
        graph_title Request Average Handling Time
        graph_category PyCounters example
        requests_time.label Average time per request
        requests_time.draw LINE2

        multigraph requests_total_data
        graph_title Total data processed
        graph_category PyCounters example
        requests_data_len.label total bytes
        requests_data_len.draw LINE2

        multigraph db_queries
        graph_title DB
        graph_args --base 1000
        graph_order 2
        db_query_time.label query time
        db_query_time.min 0
        _xx_rate.label errors
        never_reported.label missing
        idle.label no data yet

        """);
  }

  @Test
  void shouldAnswerDataWithEachValueAndUForUnknownOnes() throws IOException {
    assertThat(pluginAt(COLLECTED + 60).data()).isEqualTo("""
        multigraph requests_per_sec
        requests_frequency.value 9.75
        multigraph requests_time
        requests_time.value 0.00039
        multigraph requests_total_data
        requests_data_len.value 1840
        multigraph db_queries
        db_query_time.value 0.00000015
        _xx_rate.value 0.5
        never_reported.value U
        idle.value U
        """);
  }

  @Test
  void shouldAnswerUForEveryValueOfAStaleReport() throws IOException {
    double sixteenMinutesLater = COLLECTED + 16 * 60;

    assertThat(pluginAt(sixteenMinutesLater).data()).isEqualTo("""
        multigraph requests_per_sec
        requests_frequency.value U
        multigraph requests_time
        requests_time.value U
        multigraph requests_total_data
        requests_data_len.value U
        multigraph db_queries
        db_query_time.value U
        _xx_rate.value U
        never_reported.value U
        idle.value U
        """);
    assertThat(pluginAt(COLLECTED + 15 * 60).data()).as("exactly the maximum age is still fresh").contains("requests_data_len.value 1840");
  }

  @Test
  void shouldMakeNamesMuninSafeByMuninsRule() {
    assertThat(MuninPlugin.muninName("requests_time")).isEqualTo("requests_time");
    assertThat(MuninPlugin.muninName("db.query time")).isEqualTo("db_query_time");
    assertThat(MuninPlugin.muninName("5xx rate")).isEqualTo("_xx_rate");
    assertThat(MuninPlugin.muninName("42.5-ms")).isEqualTo("_ms") /* the whole leading run of illegal characters becomes one _ */;
    assertThat(MuninPlugin.muninName("héllo/wörld")).isEqualTo("h_llo_w_rld");
    assertThat(MuninPlugin.muninName("root")).isEqualTo("__root");
    assertThat(MuninPlugin.muninName("_Ok9")).isEqualTo("_Ok9");
  }

  @Test
  void shouldRejectTwoCountersThatBecomeTheSameField() {
    assertThatThrownBy(() -> new MuninPlugin.Graph("g", Map.of(), List.of(
            new MuninPlugin.Field("a.b", Map.of()), new MuninPlugin.Field("a b", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both become Munin field 'a_b'");
  }

  @Test
  void shouldSayWhatIsWrongInAGraphsFile() throws IOException {
    Path noCounter = Files.writeString(dir.resolve("bad.json"), "[{\"id\": \"g\", \"data\": [{\"label\": \"x\"}]}]");
    Path notAList = Files.writeString(dir.resolve("obj.json"), "{\"id\": \"g\"}");

    assertThatThrownBy(() -> MuninPlugin.readGraphs(noCounter)).hasMessageContaining("graph 'g', data row #1 has no \"counter\"");
    assertThatThrownBy(() -> MuninPlugin.readGraphs(notAList)).hasMessageContaining("expected a JSON array of graphs, found OBJECT");
    assertThatThrownBy(() -> MuninPlugin.readGraphs(dir.resolve("none.json"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void shouldPrintConfigFromTheCommandLineEvenBeforeTheFirstReport() throws IOException {
    Files.delete(reportFile);

    Result result = run(reportFile.toString(), graphsFile.toString(), "config");

    assertThat(result.code).isZero();
    assertThat(result.out).startsWith("multigraph requests_per_sec\ngraph_title Request Frequency\n");
    assertThat(result.err).isEmpty();
  }

  @Test
  void shouldPrintDataFromTheCommandLine() {
    Result result = run(reportFile.toString(), graphsFile.toString());

    assertThat(result.code).isZero();
    assertThat(result.out).startsWith("multigraph requests_per_sec\nrequests_frequency.value ");
  }

  @Test
  void shouldExitNonZeroWithAClearMessageForAMissingReport() {
    Path missing = dir.resolve("missing.json");

    Result result = run(missing.toString(), graphsFile.toString());

    assertThat(result.code).isEqualTo(1);
    assertThat(result.out).isEmpty();
    assertThat(result.err).isEqualTo("munin: " + missing + ": no JSON report there (has a reporter written one yet?)\n");
  }

  @Test
  void shouldExitNonZeroWithAClearMessageForAMissingGraphsFile() {
    Result result = run(reportFile.toString(), dir.resolve("nope.json").toString(), "config");

    assertThat(result.code).isEqualTo(1);
    assertThat(result.err).isEqualTo("munin: " + dir.resolve("nope.json") + ": no graphs file there\n");
  }

  @Test
  void shouldExitNonZeroWithAClearMessageForMalformedJson() throws IOException {
    Path badReport = Files.writeString(dir.resolve("bad-report.json"), "{\"requests_time\": 0.1,");
    Path badGraphs = Files.writeString(dir.resolve("bad-graphs.json"), "[{\"id\": }]");

    Result report = run(badReport.toString(), graphsFile.toString());
    Result graphs = run(reportFile.toString(), badGraphs.toString(), "config");

    assertThat(report.code).isEqualTo(1);
    assertThat(report.err).startsWith("munin: malformed JSON in report file " + badReport + " at line 1");
    assertThat(graphs.code).isEqualTo(1);
    assertThat(graphs.err).startsWith("munin: malformed JSON in graphs file " + badGraphs + " at line 1, column 9");
  }

  @Test
  void shouldExplainItsUsage() {
    Result result = run("only-one-argument");

    assertThat(result.code).isEqualTo(2);
    assertThat(result.err).startsWith("usage: munin <report.json> <graphs.json> [config]");
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MuninPlugin.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
