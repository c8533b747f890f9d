package org.jcounters.examples;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.jcounters.Counters;
import org.jcounters.reporters.prometheus.JCountersCollector;
import org.jcounters.reporters.prometheus.PrometheusEndpoint;

/**
 * The README's Prometheus lines (org.jcounters:jcounters-prometheus), checked against the README by
 * ReadmeSnippetsTest. Compiled only: running it would take port 9464.
 */
final class PrometheusExample {
  private PrometheusExample() {}

  static PrometheusEndpoint expose(PrometheusRegistry registry) throws IOException {
    // snippet:start
    PrometheusEndpoint endpoint = PrometheusEndpoint.start(Counters::snapshot, 9464);   // http://127.0.0.1:9464/metrics
    registry.register(new JCountersCollector(Counters::snapshot));                      // or in your own registry
    // snippet:end
    return endpoint;
  }
}
