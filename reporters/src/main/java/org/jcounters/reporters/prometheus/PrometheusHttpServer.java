package org.jcounters.reporters.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jcounters.reporters.Report;
import org.jcounters.reporters.ReportSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in Prometheus' text format for Prometheus to scrape, over the JDK's
 * own {@link HttpServer} (no dependency). Each scrape collects a fresh {@link Report} from its
 * {@link ReportSource}: this process's engine, or a multi-process leader's merged report.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Bound to the loopback address unless given another: exposing metrics beyond the host is a
 *       decision to make explicitly.</li>
 *   <li>{@code GET} and {@code HEAD} on {@value #PATH} (any query string is ignored) answer 200 with
 *       {@link PrometheusText#CONTENT_TYPE}; any other path answers 404, any other method 405.</li>
 *   <li>A source that throws answers 500 (the failure is logged through SLF4J, not sent: the body
 *       only says to look at the log); the next scrape asks the source again. A source that returns
 *       {@code null} (a multi-process node that is not the leader) answers 200 with a comment and no
 *       sample: only the leader reports, as in every other output.</li>
 *   <li>Scrapes are answered one at a time, on one daemon thread {@code jcounters-prometheus-<port>},
 *       so a slow source never runs twice at once. The JDK server's own dispatcher thread is started
 *       from a daemon thread, so it is a daemon too: a server that is never closed does not keep a
 *       finished application alive.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 *
 * <pre>{@code
 * // The default engine, on http://127.0.0.1:9464/metrics
 * PrometheusHttpServer server = PrometheusHttpServer.start(ReportSource.of(SnapshotSourceProvider.loadDefault()), 9464);
 * ...
 * server.close();
 * }</pre>
 */
public final class PrometheusHttpServer implements AutoCloseable {
  /** The path Prometheus scrapes by default. */
  public static final String PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusHttpServer.class);
  private static final byte[] NOT_FOUND = ("not found: metrics are at " + PATH + "\n").getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_ALLOWED = "method not allowed: use GET\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SOURCE_FAILED = "the report source failed; see the application's log\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NO_REPORT =
      "# no report from this process this round (a multi-process node that is not the leader)\n".getBytes(StandardCharsets.UTF_8);
  private static final String PLAIN = "text/plain; charset=utf-8";

  private final ReportSource source;
  private final PrometheusText text;
  private final HttpServer server;
  private final ExecutorService executor;
  private final InetSocketAddress address;
  private boolean closed;

  private PrometheusHttpServer(ReportSource source, InetSocketAddress bind, PrometheusText text) throws IOException {
    this.source = Objects.requireNonNull(source, "source");
    this.text = Objects.requireNonNull(text, "text");
    this.server = HttpServer.create(Objects.requireNonNull(bind, "address"), 0);
    this.address = server.getAddress();
    this.executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "jcounters-prometheus-" + address.getPort());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Serves {@code source} on {@code http://127.0.0.1:<port>/metrics}.
   *
   * @param port the port to listen on; 0 for any free one ({@link #port()} tells which)
   * @throws IOException if the port cannot be bound (in use, not permitted)
   */
  public static PrometheusHttpServer start(ReportSource source, int port) throws IOException {
    return start(source, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), new PrometheusText());
  }

  /**
   * Serves {@code source} on {@code address} (for example {@code new InetSocketAddress(9464)} for
   * every interface), formatted by {@code text}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static PrometheusHttpServer start(ReportSource source, InetSocketAddress address, PrometheusText text) throws IOException {
    PrometheusHttpServer server = new PrometheusHttpServer(source, address, text);
    server.startDaemon();
    return server;
  }

  /** The address the server listens on, with the port actually bound. */
  public InetSocketAddress address() {
    return address;
  }

  /** The port the server listens on. */
  public int port() {
    return address.getPort();
  }

  /** The URI to scrape, {@code http://<host>:<port>/metrics}. */
  public URI uri() {
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + PATH);
  }

  /** Stops listening at once and releases the threads; a scrape in progress is cut short. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void startDaemon() throws IOException {
    // The JDK's dispatcher thread is created by start() and inherits the daemon status of its creator.
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        server.start();
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "jcounters-prometheus-start");
    starter.setDaemon(true);
    starter.start();
    boolean interrupted = false;
    while (true) {
      try {
        starter.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the server must be started (or have failed) before we return
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      close();
      throw new IOException("cannot start the Prometheus endpoint on " + address, failure.get());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, PLAIN, NOT_FOUND, head);
      } else if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, PLAIN, NOT_ALLOWED, false);
      } else {
        byte[] body = scrape();
        if (body == null) {
          send(exchange, 500, PLAIN, SOURCE_FAILED, head);
        } else {
          send(exchange, 200, PrometheusText.CONTENT_TYPE, body, head);
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** The text of a fresh report, or null if the source failed (logged). */
  private byte[] scrape() {
    try {
      Report report = source.collect();
      return report == null ? NO_REPORT : text.format(report).getBytes(StandardCharsets.UTF_8);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.error("the report source failed: Prometheus scrape answered 500", failure);
      return null;
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public String toString() {
    return "PrometheusHttpServer[" + uri() + "]";
  }
}
