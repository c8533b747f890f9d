package org.jcounters.reporters.munin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jcounters.core.Report;
import org.jcounters.internal.reporters.JsonFiles;
import org.jcounters.reporters.JsonFileReporter;

/**
 * A Munin plugin over the JSON report file: PyCounters' {@code pycounters.utils.munin.Plugin} in Java.
 * Given the report file and a list of {@linkplain Graph graphs}, it answers Munin's two requests in
 * the multigraph protocol: {@link #config()} describes the graphs, {@link #data()} gives each field's
 * current value.
 *
 * <p>The graphs are the tutorial's list, read from a JSON file ({@link #readGraphs(Path)}):
 * <pre>{@code
 * [ {"id": "requests_time",
 *    "global": {"title": "Request Average Handling Time", "category": "PyCounters example"},
 *    "data": [ {"counter": "requests_time", "label": "Average time per request", "draw": "LINE2"} ] } ]
 * }</pre>
 * A row may name one label set of a counter registered on an event family, by its key as the report
 * writes it: {@code {"counter": "http_requests", "labels": "method=GET,status=200", "label": "GET 200"}};
 * its field is then {@code http_requests_method_GET_status_200}.
 * So a Munin plugin is a two-line script:
 * <pre>{@code
 * #!/bin/sh
 * exec java -cp "$JCOUNTERS_CP" org.jcounters.reporters.munin.MuninPlugin /tmp/server.counters.json /etc/munin/server-graphs.json "$@"
 * }</pre>
 *
 * <p><b>Output.</b> {@code config}: per graph, {@code multigraph <id>}, each global option as
 * {@code graph_<option> <value>}, each data row's options (all but {@code counter}) as
 * {@code <field>.<option> <value>}, then a blank line. Data: per graph, {@code multigraph <id>} and
 * {@code <field>.value <value>} per row. Ids and field names are made Munin-safe by Munin's own rule
 * ({@link #muninName(String)}), so {@code db.query time} becomes {@code db_query_time}; options keep
 * the order of the graphs file.
 *
 * <p><b>Unknown values are {@code U}.</b> A counter missing from the report, a counter with no data
 * ({@code null}), a non-numeric value, or every value of a report older than the maximum age (15
 * minutes by default, judged by its {@code __collection_time__}) is written {@code <field>.value U},
 * Munin's "unknown": the graph shows a gap. PyCounters instead printed nothing for a missing value
 * and nothing at all for a stale file; {@code U} says the same to Munin while keeping every field
 * present, so munin-update never warns about missing fields and the output's shape never changes.
 *
 * <p>Immutable and thread-safe; {@link #data()} reads the file on each call.
 */
public final class MuninPlugin {
  /** Reports older than this are ignored: 15 minutes, as PyCounters. */
  public static final Duration DEFAULT_MAX_REPORT_AGE = Duration.ofMinutes(15);
  /** Munin's value for "unknown". */
  public static final String UNKNOWN = "U";

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path reportFile;
  private final List<Graph> graphs;
  private final Duration maxReportAge;
  private final Clock clock;

  /**
   * One graph: its id, its global options ({@code title}, {@code category}, {@code vlabel}...,
   * written {@code graph_<option>}) and its data rows.
   *
   * @param id the graph's id, made Munin-safe on output
   * @param global option to value, in output order
   * @param data the rows, in output order
   */
  public record Graph(String id, Map<String, String> global, List<Field> data) {
    /**
     * Keeps immutable copies.
     *
     * @param id the graph's id, not empty
     * @param global option to value
     * @param data the rows
     * @throws IllegalArgumentException if the id is empty, or two rows become the same Munin field
     */
    public Graph {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("a graph needs an id");
      }
      global = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(global, "global")));
      data = List.copyOf(Objects.requireNonNull(data, "data"));
      Map<String, String> counterByField = new HashMap<>();
      for (Field field : data) {
        String shown = field.labels() == null ? field.counter() : field.counter() + "{" + field.labels() + "}";
        String other = counterByField.putIfAbsent(field.fieldName(), shown);
        if (other != null) {
          throw new IllegalArgumentException("graph '" + id + "': counters '" + other + "' and '" + shown
              + "' both become Munin field '" + field.fieldName() + "'");
        }
      }
    }
  }

  /**
   * One data row: the counter it shows, for a counter registered on an event family the label set
   * (its key as in the report, {@code method=GET,status=200}; null for an unlabelled counter), and its
   * field options ({@code label}, {@code draw}, {@code type}...). In the graphs file:
   * {@code {"counter": "http_requests", "labels": "method=GET,status=200", "label": "GET 200"}}.
   *
   * @param counter the counter's name
   * @param labels the label set's key, or null
   * @param options option to value, in output order
   */
  public record Field(String counter, String labels, Map<String, String> options) {
    /**
     * Keeps an immutable copy of the options.
     *
     * @param counter the counter's name, not empty
     * @param labels the label set's key, or null
     * @param options option to value
     * @throws IllegalArgumentException if the counter is empty
     */
    public Field {
      if (counter == null || counter.isEmpty()) {
        throw new IllegalArgumentException("a data row needs a counter");
      }
      options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
    }

    /**
     * A row of an unlabelled counter.
     *
     * @param counter the counter's name, not empty
     * @param options option to value
     */
    public Field(String counter, Map<String, String> options) {
      this(counter, null, options);
    }

    /**
     * The Munin field name: the counter's, then the label set's.
     *
     * @return a Munin-safe name, {@code http_requests_method_GET_status_200}
     */
    public String fieldName() {
      return muninName(labels == null ? counter : counter + "_" + labels);
    }

    /** This row's value in a report read back as a map: the counter's, or its label set's. */
    Object valueIn(Map<String, Object> report) {
      Object value = report.get(counter);
      if (labels == null) {
        return value;
      }
      return value instanceof Map<?, ?> series ? series.get(labels) : null;
    }
  }

  /**
   * A plugin ignoring reports older than {@link #DEFAULT_MAX_REPORT_AGE}.
   *
   * @param reportFile the JSON report file
   * @param graphs the graphs to draw
   * @throws IllegalArgumentException if two graphs become the same Munin graph
   */
  public MuninPlugin(Path reportFile, List<Graph> graphs) {
    this(reportFile, graphs, DEFAULT_MAX_REPORT_AGE, Clock.systemUTC());
  }

  /**
   * A plugin ignoring reports older than {@code maxReportAge} by {@code clock}.
   *
   * @param reportFile the JSON report file
   * @param graphs the graphs to draw
   * @param maxReportAge how old a report may be before its values are unknown, not negative
   * @param clock what "now" is
   * @throws IllegalArgumentException if the age is negative, or two graphs become the same Munin graph
   */
  public MuninPlugin(Path reportFile, List<Graph> graphs, Duration maxReportAge, Clock clock) {
    this.reportFile = Objects.requireNonNull(reportFile, "reportFile");
    this.graphs = List.copyOf(Objects.requireNonNull(graphs, "graphs"));
    this.maxReportAge = Objects.requireNonNull(maxReportAge, "maxReportAge");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxReportAge.isNegative()) {
      throw new IllegalArgumentException("the maximum report age must not be negative, got " + maxReportAge);
    }
    Map<String, String> idByName = new HashMap<>();
    for (Graph graph : this.graphs) {
      String other = idByName.putIfAbsent(muninName(graph.id()), graph.id());
      if (other != null) {
        throw new IllegalArgumentException("graphs '" + other + "' and '" + graph.id() + "' both become Munin graph '" + muninName(graph.id()) + "'");
      }
    }
  }

  /**
   * Munin's {@code config} answer: does not read the report, so it works before the first one is written.
   *
   * @return the answer, one line per option and a blank line after each graph
   */
  public String config() {
    StringBuilder out = new StringBuilder();
    for (Graph graph : graphs) {
      out.append("multigraph ").append(muninName(graph.id())).append('\n');
      graph.global().forEach((option, value) -> out.append("graph_").append(option).append(' ').append(oneLine(value)).append('\n'));
      for (Field field : graph.data()) {
        String name = field.fieldName();
        field.options().forEach((option, value) -> out.append(name).append('.').append(option).append(' ').append(oneLine(value)).append('\n'));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Munin's data answer, from the report file as it is now.
   *
   * @return the answer, one {@code <field>.value} line per row
   * @throws NoSuchFileException if there is no report file
   * @throws IOException if it cannot be read or is not a JSON object
   */
  public String data() throws IOException {
    Map<String, Object> report = JsonFileReporter.read(reportFile);
    boolean stale = isStale(report);
    StringBuilder out = new StringBuilder();
    for (Graph graph : graphs) {
      out.append("multigraph ").append(muninName(graph.id())).append('\n');
      for (Field field : graph.data()) {
        String value = stale ? UNKNOWN : muninValue(field.valueIn(report));
        out.append(field.fieldName()).append(".value ").append(value).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Munin's rule for field names ({@code clean_fieldname} of Munin::Plugin): a leading run of
   * characters other than {@code [A-Za-z_]} becomes one {@code _}, every other character outside
   * {@code [A-Za-z0-9_]} becomes {@code _}, and {@code root} (reserved) becomes {@code __root}.
   * So {@code requests.time} gives {@code requests_time}, {@code 5xx rate} gives {@code _xx_rate}.
   *
   * @param name a counter's or graph's name
   * @return the Munin-safe name
   */
  public static String muninName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    int i = 0;
    while (i < name.length() && !isLeading(name.charAt(i))) {
      i++;
    }
    if (i > 0 || name.isEmpty()) {
      out.append('_');
    }
    for (; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(isLeading(c) || (c >= '0' && c <= '9') ? c : '_');
    }
    String safe = out.toString();
    return safe.equals("root") ? "__root" : safe;
  }

  /**
   * Reads the list of graphs from a JSON file: an array of {@code {"id", "global", "data"}} objects
   * as in PyCounters' plugin config. Option values may be strings, numbers or booleans.
   *
   * @param file the graphs file
   * @return the graphs, in file order
   * @throws NoSuchFileException if there is no such file
   * @throws IOException if it is not valid JSON or not a valid list of graphs, saying where
   *     ({@code malformed JSON in graphs file <file> at line <l>, column <c>: <why>})
   */
  public static List<Graph> readGraphs(Path file) throws IOException {
    JsonNode root = JsonFiles.readTree(JSON, file, "graphs file", "no graphs file there");
    try {
      return graphs(root);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid graphs file " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Graph> graphs(JsonNode root) {
    if (!root.isArray()) {
      throw new IllegalArgumentException("expected a JSON array of graphs, found " + (root.isMissingNode() ? "nothing" : root.getNodeType()));
    }
    List<Graph> graphs = new ArrayList<>();
    for (int g = 0; g < root.size(); g++) {
      JsonNode graph = root.get(g);
      String where = "graph #" + (g + 1);
      if (!graph.isObject()) {
        throw new IllegalArgumentException(where + " is not an object");
      }
      JsonNode id = graph.get("id");
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        throw new IllegalArgumentException(where + " has no \"id\"");
      }
      where = "graph '" + id.asText() + "'";
      JsonNode data = graph.get("data");
      if (data == null || !data.isArray()) {
        throw new IllegalArgumentException(where + " has no \"data\" array");
      }
      List<Field> fields = new ArrayList<>();
      for (int d = 0; d < data.size(); d++) {
        JsonNode row = data.get(d);
        String rowWhere = where + ", data row #" + (d + 1);
        if (!row.isObject()) {
          throw new IllegalArgumentException(rowWhere + " is not an object");
        }
        JsonNode counter = row.get("counter");
        if (counter == null || !counter.isTextual() || counter.asText().isEmpty()) {
          throw new IllegalArgumentException(rowWhere + " has no \"counter\"");
        }
        Map<String, String> options = options(row, rowWhere);
        options.remove("counter");
        String labels = options.remove("labels");
        fields.add(new Field(counter.asText(), labels, options));
      }
      JsonNode global = graph.get("global");
      Map<String, String> globalOptions = global == null || global.isNull() ? Map.of() : options(global, where + ", \"global\"");
      graphs.add(new Graph(id.asText(), globalOptions, fields));
    }
    return graphs;
  }

  private static Map<String, String> options(JsonNode object, String where) {
    if (!object.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> option : object.properties()) {
      JsonNode value = option.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw new IllegalArgumentException(where + ": option \"" + option.getKey() + "\" must be a string, a number or a boolean");
      }
      options.put(option.getKey(), value.asText());
    }
    return options;
  }

  /**
   * The command line: {@code <report.json> <graphs.json> [config]}. Prints Munin's data answer, or
   * its config answer when the last argument is {@code config}. Exits 0 on success; 1 with a message
   * on standard error when a file is missing or malformed; 2 on a usage error.
   *
   * @param args the report file, the graphs file, and optionally {@code config} or {@code fetch}
   */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /**
   * {@link #main} without exiting.
   *
   * @param args as for {@link #main}
   * @param out where the answer goes
   * @param err where errors go
   * @return the exit code
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean config = args.size() == 3 && args.get(2).equals("config");
    boolean fetch = args.size() == 2 || (args.size() == 3 && args.get(2).equals("fetch"));
    if (!config && !fetch) {
      err.println("usage: munin <report.json> <graphs.json> [config]   (got " + args + ")");
      return 2;
    }
    try {
      MuninPlugin plugin = new MuninPlugin(Path.of(args.get(0)), readGraphs(Path.of(args.get(1))));
      String answer = config ? plugin.config() : plugin.data();
      out.write(answer.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return 0;
    } catch (NoSuchFileException e) {
      err.println("munin: " + e.getFile() + ": " + (e.getReason() == null ? "no such file" : e.getReason()));
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("munin: " + e.getMessage());
      return 1;
    }
  }

  private boolean isStale(Map<String, Object> report) throws IOException {
    Object collected = report.get(Report.COLLECTION_TIME_KEY);
    Instant at;
    if (collected instanceof Number) {
      at = Instant.ofEpochMilli(Math.round(((Number) collected).doubleValue() * 1000));
    } else {
      at = Files.getLastModifiedTime(reportFile).toInstant(); // a report without its time: judge by the file
    }
    return Duration.between(at, clock.instant()).compareTo(maxReportAge) > 0;
  }

  private static String muninValue(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Double && Double.isFinite((Double) value)) {
      // Plain digits, never 1.5E-7: the safest form for every Munin and RRDtool version.
      return BigDecimal.valueOf((Double) value).toPlainString();
    }
    return UNKNOWN; // missing, null (no data), a nested map, or not a number
  }

  private static boolean isLeading(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static String oneLine(String value) {
    return value.replace('\n', ' ').replace('\r', ' '); // the protocol is line based
  }
}
