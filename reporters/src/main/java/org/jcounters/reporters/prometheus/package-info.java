/**
 * JCounters for Prometheus, on client_java's model, formats and HTTP exporter: the translation of a
 * snapshot ({@link org.jcounters.reporters.prometheus.PrometheusMapping}), a
 * {@link io.prometheus.metrics.model.registry.MultiCollector} of it, an HTTP endpoint and a file
 * reporter for node exporter's textfile collector.
 */
package org.jcounters.reporters.prometheus;
