/**
 * JCounters' reporters: the reporting controller, JSON file and log reporters, the event logger,
 * the Munin plugin and the Prometheus exposition. Shared helpers ({@code org.jcounters.internal.reporters})
 * are not exported.
 */
// "requires-automatic", "requires-transitive-automatic": the Prometheus client (client_java 1.x)
// ships no module descriptors (automatic modules io.prometheus.metrics.*); the build keeps
// -Xlint:all -Werror otherwise.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.jcounters.reporters {
  requires transitive org.jcounters.core;
  requires com.fasterxml.jackson.databind;
  requires transitive org.slf4j; // LogReporter and EventLogger take an SLF4J Logger and Level
  // Prometheus is optional (jcounters-prometheus brings it): "static", so that the common case,
  // org.jcounters:jcounters, resolves without client_java.
  requires static io.prometheus.metrics.model; // JCountersCollector is a MultiCollector, builders take a PrometheusRegistry
  requires static io.prometheus.metrics.config;
  requires static io.prometheus.writer.text; // PrometheusTextFormatWriter (prometheus-metrics-exposition-textformats)
  requires static io.prometheus.metrics.exporter.httpserver;
  requires static jdk.httpserver; // the Prometheus HTTP server runs on the JDK's

  exports org.jcounters.reporters;
  exports org.jcounters.reporters.munin;
  exports org.jcounters.reporters.prometheus;
}
