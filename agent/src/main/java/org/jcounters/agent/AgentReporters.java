package org.jcounters.agent;

import java.io.IOException;
import org.jcounters.JCounters;
import org.jcounters.core.ReportSource;
import org.jcounters.reporters.JsonFileReporter;
import org.jcounters.reporters.ReportingController;
import org.jcounters.reporters.prometheus.PrometheusEndpoint;

/**
 * Starts the reporters the patches file names, on the default engine, so that a service with no
 * JCounters code gets reports from the agent alone: a JSON file in PyCounters' format every period
 * (and once more when the JVM exits), and a Prometheus endpoint. A reporter that cannot start is
 * logged; the patches stay.
 */
final class AgentReporters {
  /**
   * The agent's jar comes last on the class path, so an application with its own jcounters-reporters
   * runs the agent's reporters from those, with the application's own dependencies: the agent's
   * relocated client_java and Jackson are not theirs.
   */
  private static final String WHY_LINKAGE = ": the application's own JCounters reporters (first on the class path, so the"
      + " agent uses them too) miss a library they need on the application's class path";

  private AgentReporters() {}

  static void start(AgentConfig config) {
    ReportSource source = ReportSource.of(JCounters.defaultInstance());
    if (config.jsonReport() != null) {
      try {
        ReportingController controller = new ReportingController(source);
        controller.register(new JsonFileReporter(config.jsonReport()));
        controller.start(config.jsonPeriod());
        // close() makes a final report: a short-lived JVM still leaves its numbers.
        Runtime.getRuntime().addShutdownHook(new Thread(controller::close, "jcounters-agent-final-report"));
        AgentLog.info("JSON report " + config.jsonReport().toAbsolutePath() + " every " + config.jsonPeriod().toMillis() / 1000.0 + " s");
      } catch (RuntimeException e) {
        AgentLog.error("cannot start the JSON report to " + config.jsonReport(), e);
      } catch (LinkageError e) {
        AgentLog.error("cannot start the JSON report to " + config.jsonReport() + WHY_LINKAGE, e);
      }
    }
    if (config.prometheusPort() >= 0) {
      try {
        servePrometheus(config.prometheusPort());
      } catch (IOException | RuntimeException e) {
        AgentLog.error("cannot serve Prometheus metrics on port " + config.prometheusPort(), e);
      } catch (LinkageError e) {
        AgentLog.error("cannot serve Prometheus metrics on port " + config.prometheusPort() + WHY_LINKAGE
            + " (for Prometheus: org.jcounters:jcounters-prometheus, which brings client_java)", e);
      }
    }
  }

  /** The one place that knows how the reporters module serves Prometheus (client_java's HTTP server, loopback only). */
  private static void servePrometheus(int port) throws IOException {
    PrometheusEndpoint endpoint = PrometheusEndpoint.start(JCounters.defaultInstance(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "jcounters-agent-prometheus-stop"));
    AgentLog.info("Prometheus metrics on " + endpoint.uri());
  }
}
