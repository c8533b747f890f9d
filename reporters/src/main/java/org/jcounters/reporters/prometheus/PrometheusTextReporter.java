package org.jcounters.reporters.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.jcounters.reporters.AtomicFiles;
import org.jcounters.reporters.Report;
import org.jcounters.reporters.Reporter;

/**
 * Writes each report to a file in Prometheus' text format, for node exporter's
 * <a href="https://github.com/prometheus/node_exporter#textfile-collector">textfile collector</a>
 * (name the file {@code *.prom}, in the collector's directory) or any tool reading that format.
 *
 * <p>The file is replaced atomically by {@link AtomicFiles}, as the JSON report is: the collector
 * never reads half a report, and the temporary file ({@code .<name>.<random>.tmp}) never ends in
 * {@code .prom}. Missing directories are not created; a failed write throws an {@link IOException}
 * saying {@code cannot write the Prometheus text to <path>: <why>} and leaves the previous file.
 * The format is {@link PrometheusText}'s, without timestamps (the textfile collector refuses them);
 * node exporter adds the file's modification time as {@code node_textfile_mtime_seconds}.
 *
 * <p>Thread-safe: {@link #report} may be called from any thread.
 *
 * <pre>{@code
 * new PrometheusTextReporter(Path.of("/var/lib/node_exporter/textfile/server.prom")).startAutoReport(Duration.ofSeconds(15));
 * }</pre>
 */
public final class PrometheusTextReporter implements Reporter {
  private final Path path;
  private final PrometheusText text;

  /** A reporter writing to {@code path} with the prefix {@value PrometheusText#DEFAULT_PREFIX}. */
  public PrometheusTextReporter(Path path) {
    this(path, new PrometheusText());
  }

  /** A reporter writing to {@code path}, formatted by {@code text}. */
  public PrometheusTextReporter(Path path, PrometheusText text) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    this.text = Objects.requireNonNull(text, "text");
  }

  /** The file each report replaces. */
  public Path path() {
    return path;
  }

  /**
   * Replaces the file with {@code report}.
   *
   * @throws IOException saying which path could not be written and why; the previous file is left as it was
   */
  @Override
  public void report(Report report) throws IOException {
    byte[] body = text.format(report).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.replace(path, "Prometheus text", out -> out.write(body));
  }

  @Override
  public String toString() {
    return "PrometheusTextReporter[" + path + "]";
  }
}
