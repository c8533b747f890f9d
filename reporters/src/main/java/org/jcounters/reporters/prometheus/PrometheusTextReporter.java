package org.jcounters.reporters.prometheus;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.jcounters.core.Report;
import org.jcounters.internal.reporters.AtomicFiles;
import org.jcounters.reporters.Reporter;

/**
 * Writes each report to a file in Prometheus' text format 0.0.4 (client_java's writer), for node
 * exporter's <a href="https://github.com/prometheus/node_exporter#textfile-collector">textfile
 * collector</a> (name the file {@code *.prom}, in the collector's directory).
 *
 * <p>Families, names and types are {@link PrometheusMapping}'s, as on the HTTP endpoint: a report of
 * this process's snapshot has its since-start counters and histograms; a multi-process leader's
 * merged report has none, so every value is a gauge. The file is replaced atomically by
 * {@link AtomicFiles}: the collector never reads half a report, and the temporary file
 * ({@code .<name>.<random>.tmp}) never ends in {@code .prom}. Missing directories are not created;
 * a failed write throws an {@link IOException} saying {@code cannot write the Prometheus text to
 * <path>: <why>} and leaves the previous file. No timestamps (the textfile collector refuses them).
 *
 * <p>Thread-safe: {@link #report} may be called from any thread.
 *
 * <pre>{@code
 * new PrometheusTextReporter(Path.of("/var/lib/node_exporter/textfile/server.prom")).startAutoReport(Duration.ofSeconds(15));
 * }</pre>
 */
public final class PrometheusTextReporter implements Reporter {
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  private final Path path;
  private final PrometheusMapping mapping;

  /**
   * A reporter writing to {@code path} with the {@linkplain PrometheusMapping#defaults() default mapping}.
   *
   * @param path the file to replace with each report, made absolute against the working directory now
   * @throws NullPointerException if {@code path} is null
   */
  public PrometheusTextReporter(Path path) {
    this(path, PrometheusMapping.defaults());
  }

  /**
   * A reporter writing to {@code path}, translated by {@code mapping}.
   *
   * @param path the file to replace with each report, made absolute against the working directory now
   * @param mapping how counter values become Prometheus metrics
   * @throws NullPointerException if {@code path} or {@code mapping} is null
   */
  public PrometheusTextReporter(Path path, PrometheusMapping mapping) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /** {@return the file each report replaces, an absolute path} */
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
    MetricSnapshots snapshots = mapping.translate(report);
    // Legacy names only: node exporter 1.x and Prometheus 2.x parse no quoted UTF-8 names.
    AtomicFiles.replace(path, "Prometheus text", out -> WRITER.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING));
  }

  @Override
  public String toString() {
    return "PrometheusTextReporter[" + path + "]";
  }
}
