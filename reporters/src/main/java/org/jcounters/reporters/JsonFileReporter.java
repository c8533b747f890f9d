package org.jcounters.reporters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jcounters.core.Report;
import org.jcounters.internal.core.EventNames;
import org.jcounters.internal.reporters.AtomicFiles;
import org.jcounters.internal.reporters.JsonFiles;
import org.jcounters.internal.reporters.ReportValues;

/**
 * Writes each report to one JSON file in PyCounters' format, so that existing Munin plugins and JSON
 * pipelines read it unchanged:
 *
 * <pre>{@code
 * {"requests_data_len":1840,"requests_frequency":9.8,"requests_time":0.00039,
 *  "__collection_time__":1712345678.25,"__dropped_events__":0}
 * }</pre>
 *
 * One flat object: counter name to number or {@code null} (a counter with no data), integers for
 * exact counts, floats for averages, frequencies and seconds, a nested object for a
 * {@code ValueAccumulator} or a percentile counter, {@code "__collection_time__"} in Unix seconds, and for a multi-process
 * leader {@code "__node_reports__": {nodeId: {...}}}. See {@link ReportValues#flatten(Report)}.
 *
 * <p><b>Readers never see a partial file.</b> Each report is written to a temporary file in the
 * same directory, then renamed over the target ({@code rename(2)}, atomic on a POSIX file system):
 * a reader opens either the previous report or the new one, whole. No file locking is needed, so a
 * reader can be any program. The temporary file is created with the process's default permissions
 * (not the owner-only ones of {@link Files#createTempFile}), so a Munin plugin running as another
 * user can still read the report. The file is not fsync'ed: after a power loss the previous report
 * may be what survives, which is fine for metrics refreshed every few minutes. {@link AtomicFiles}
 * does the writing, for every file reporter.
 *
 * <p>Thread-safety: {@link #report} may be called from any thread; the controller calls it from
 * one thread at a time. {@link #read(Path)} is safe from any thread and any process.
 *
 * <pre>{@code
 * JsonFileReporter reporter = new JsonFileReporter(Path.of("/tmp/server.counters.json"));
 * reporter.startAutoReport(Duration.ofSeconds(10));
 * Map<String, Object> last = JsonFileReporter.read(reporter.path());
 * }</pre>
 */
public final class JsonFileReporter implements Reporter {
  private static final JsonFactory JSON = new JsonFactory();
  /**
   * Reads back whatever {@link #report} writes: counter names up to core's limit (Jackson's default
   * name limit is not core's, and must never be the smaller one).
   */
  private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNameLength(Math.max(EventNames.MAX_NAME_UTF8_BYTES, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
          .build())
      .build())
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** What a report file is called in errors ({@link JsonFiles}). */
  private static final String WHAT = "report file";

  private final Path path;

  /**
   * A reporter writing to {@code path}; its directory must exist when reports are written.
   *
   * @param path the report file, made absolute
   */
  public JsonFileReporter(Path path) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
  }

  /**
   * The file each report replaces.
   *
   * @return its absolute path
   */
  public Path path() {
    return path;
  }

  /**
   * Replaces the file with {@code report}.
   *
   * @throws IOException saying which path could not be written and why (missing directory, a
   *     directory in the way, no space...); the previous file, if any, is left as it was
   */
  @Override
  public void report(Report report) throws IOException {
    write(ReportValues.flatten(report));
  }

  /**
   * Reads a report file written by this reporter (or by PyCounters): counter name to {@link Long},
   * {@link Double}, {@code Map<String, Object>} or {@code null}, in file order. Integers are always
   * {@link Long}s, whatever their size.
   *
   * @param path the report file
   * @return counter name to value, in file order
   * @throws NoSuchFileException if there is no file at {@code path} (no report written yet)
   * @throws IOException if the file is not one JSON object, saying where it went wrong
   *     ({@code malformed JSON in report file <path> at line <l>, column <c>: <why>})
   */
  public static Map<String, Object> read(Path path) throws IOException {
    JsonNode root = JsonFiles.readTree(READER, path, WHAT, "no JSON report there (has a reporter written one yet?)");
    if (root.isMissingNode()) {
      throw JsonFiles.malformed(path, WHAT, "the file is empty");
    }
    if (!root.isObject()) {
      throw JsonFiles.malformed(path, WHAT, "expected one JSON object, found " + root.getNodeType());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = READER.convertValue(root, LinkedHashMap.class);
    return values;
  }

  private void write(Map<String, Object> flat) throws IOException {
    AtomicFiles.replace(path, "JSON report", out -> {
      try (JsonGenerator json = JSON.createGenerator(out)) {
        ReportValues.writeJson(json, flat);
        json.writeRaw('\n');
      }
    });
  }

  @Override
  public String toString() {
    return "JsonFileReporter[" + path + "]";
  }
}
