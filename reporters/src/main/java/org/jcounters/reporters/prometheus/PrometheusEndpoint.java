package org.jcounters.reporters.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcounters.core.SnapshotSource;

/**
 * An HTTP endpoint for Prometheus to scrape: client_java's {@link HTTPServer} over a
 * {@link PrometheusRegistry}, bound to the loopback address unless another address is named.
 * Content negotiation is client_java's: Prometheus text 0.0.4, OpenMetrics 1.0 ({@code # EOF}) or
 * protobuf by the {@code Accept} header, gzip by {@code Accept-Encoding}, a name filter by
 * {@code name[]=} parameters; {@code /metrics} (and {@code /}), and {@code /-/healthy}.
 *
 * <p><b>Address.</b> client_java binds every interface by default; this endpoint binds
 * {@link InetAddress#getLoopbackAddress()} unless {@link Builder#bindAddress} names another (the
 * wildcard address included): exposing metrics beyond the host is a decision made in code.
 *
 * <p><b>Threads.</b> Scrapes run on daemon threads {@code jcounters-prometheus-<n>} (two by
 * default), so an endpoint never closed does not keep a finished application alive.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 *
 * <pre>{@code
 * // http://127.0.0.1:9464/metrics, this process's default engine
 * PrometheusEndpoint endpoint = PrometheusEndpoint.start(JCounters.defaultInstance(), 9464);
 * // your own registry, every interface:
 * PrometheusEndpoint.builder(registry).bindAddress(InetAddress.getByName("0.0.0.0")).port(9464).start();
 * }</pre>
 */
public final class PrometheusEndpoint implements AutoCloseable {
  /** The path Prometheus scrapes by default. */
  public static final String PATH = "/metrics";

  private final HTTPServer server;
  private final InetAddress address;
  private final ExecutorService executor;

  private PrometheusEndpoint(HTTPServer server, InetAddress address, ExecutorService executor) {
    this.server = server;
    this.address = address;
    this.executor = executor;
  }

  /**
   * Serves {@code source} with the default mapping on {@code http://127.0.0.1:<port>/metrics}, in a
   * registry of its own.
   *
   * @param source this process's snapshots, such as an engine; one is taken per scrape
   * @param port the port; 0 for any free one ({@link #port()} tells which)
   * @return the running endpoint; close it to stop serving
   * @throws IOException if the port cannot be bound
   */
  public static PrometheusEndpoint start(SnapshotSource source, int port) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new JCountersCollector(source));
    return builder(registry).port(port).start();
  }

  /**
   * A builder of an endpoint serving {@code registry} (register a {@link JCountersCollector} in it).
   *
   * @param registry the registry to serve, beside whatever else is registered in it
   * @return a builder: loopback, port 9464, two threads
   * @throws NullPointerException if {@code registry} is null
   */
  public static Builder builder(PrometheusRegistry registry) {
    return new Builder(registry);
  }

  /** {@return the address listened on} */
  public InetAddress address() {
    return address;
  }

  /** {@return the port listened on, the one bound if 0 was asked} */
  public int port() {
    return server.getPort();
  }

  /** {@return the URI to scrape, {@code http://<host>:<port>/metrics}} */
  public URI uri() {
    String host = address.getHostAddress();
    return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + PATH);
  }

  /** Stops listening and releases the threads. Idempotent. */
  @Override
  public void close() {
    server.close();
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "PrometheusEndpoint[" + uri() + "]";
  }

  /** Configures a {@link PrometheusEndpoint}; not thread-safe. */
  public static final class Builder {
    private final PrometheusRegistry registry;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port = 9464;
    private int threads = 2;

    private Builder(PrometheusRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The port, 9464 by default (OpenTelemetry's Prometheus exporter's); 0 for any free one.
     *
     * @param port the port, 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("a port is 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on; loopback unless named here. The explicit choice to listen beyond the host.
     *
     * @param address the address, the wildcard address ({@code 0.0.0.0}) for every interface
     * @return this builder
     * @throws NullPointerException if {@code address} is null
     */
    public Builder bindAddress(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * How many scrapes may run at once, 2 by default.
     *
     * @param threads the number of daemon threads serving scrapes, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public Builder threads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("an endpoint needs at least one thread, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Binds and starts serving. Each call starts another endpoint.
     *
     * @return the running endpoint; close it to stop serving
     * @throws IOException if the address cannot be bound
     */
    public PrometheusEndpoint start() throws IOException {
      AtomicInteger count = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
        Thread thread = new Thread(runnable, "jcounters-prometheus-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      try {
        HTTPServer server = HTTPServer.builder().inetAddress(address).port(port).registry(registry).executorService(executor).buildAndStart();
        return new PrometheusEndpoint(server, address, executor);
      } catch (IOException | RuntimeException e) {
        executor.shutdownNow();
        throw e;
      }
    }
  }
}
