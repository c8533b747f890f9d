package org.jcounters.reporters.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;
import org.jcounters.core.Report;
import org.jcounters.core.SnapshotSource;

/**
 * JCounters as a client_java {@link MultiCollector}: each {@link #collect()} takes a fresh
 * {@link org.jcounters.core.Snapshot} of its {@link SnapshotSource} (this process's engine) and
 * translates it with a {@link PrometheusMapping}. Register it in any {@link PrometheusRegistry}
 * beside other collectors (Micrometer's Prometheus registry and Spring Boot's
 * {@code /actuator/prometheus} scrape such a registry); {@link PrometheusEndpoint} serves one.
 *
 * <p><b>Names.</b> {@link #getPrometheusNames()} takes a snapshot and declares the names of the
 * counters registered at that moment, so that {@link PrometheusRegistry#register} refuses a name
 * another collector already has. Counters registered with the engine later are not declared; a
 * collision among JCounters' own names is handled on every scrape ({@link PrometheusMapping}).
 *
 * <p><b>One process.</b> Give it this process's snapshots, never a multi-process leader's merged
 * report: each process serves its own endpoint and Prometheus adds them up (a merged total would go
 * down when a node leaves, which Prometheus reads as a counter reset).
 *
 * <p>Thread-safe if the source is (engines are): scrapes may run concurrently.
 *
 * <pre>{@code
 * PrometheusRegistry registry = new PrometheusRegistry();
 * registry.register(new JCountersCollector(JCounters.defaultInstance()));
 * }</pre>
 */
public final class JCountersCollector implements MultiCollector {
  private final SnapshotSource source;
  private final PrometheusMapping mapping;

  /**
   * A collector of {@code source} with the {@linkplain PrometheusMapping#defaults() default mapping}.
   *
   * @param source this process's snapshots, such as an engine; called on the scraping threads
   * @throws NullPointerException if {@code source} is null
   */
  public JCountersCollector(SnapshotSource source) {
    this(source, PrometheusMapping.defaults());
  }

  /**
   * A collector of {@code source} translated by {@code mapping}.
   *
   * @param source this process's snapshots, such as an engine; called on the scraping threads
   * @param mapping how counter values become Prometheus metrics
   * @throws NullPointerException if {@code source} or {@code mapping} is null
   */
  public JCountersCollector(SnapshotSource source, PrometheusMapping mapping) {
    this.source = Objects.requireNonNull(source, "source");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
  }

  /** The translation of a fresh snapshot; may block briefly while the engine drains pending events. */
  @Override
  public MetricSnapshots collect() {
    return mapping.translate(Report.of(source.snapshot()));
  }

  /**
   * The families of a fresh snapshot (names, types, label names), for the registry's checks at
   * registration: client_java 1.10's registry asks this.
   */
  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return mapping.descriptors(Report.of(source.snapshot()));
  }

  /** The family names of a fresh snapshot, for registries and tools that still ask names only. */
  @Override
  @SuppressWarnings("deprecation") // client_java 1.10 prefers getMetricFamilyDescriptors(), which this also answers
  public List<String> getPrometheusNames() {
    return getMetricFamilyDescriptors().stream().map(MetricFamilyDescriptor::getPrometheusName).toList();
  }

  /** {@return how snapshots are translated} */
  public PrometheusMapping mapping() {
    return mapping;
  }

  @Override
  public String toString() {
    return "JCountersCollector[" + source + ", " + mapping + "]";
  }
}
