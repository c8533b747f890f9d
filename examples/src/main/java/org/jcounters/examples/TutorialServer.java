package org.jcounters.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.Shortcuts;
import org.jcounters.counters.TotalCounter;
import org.jcounters.reporters.JsonFileReporter;

/**
 * The tutorial's server (its Step 4, "a complete example"): a TCP server on localhost that reads
 * one request per connection (up to 1024 bytes), strips it, and answers it upper-cased.
 *
 * <p>Instrumented as the tutorial does it:
 * <ul>
 *   <li>{@code requests_time}: each request's handling time, by the {@code time} shortcut (an
 *       {@code AverageTimeCounter}, seconds);</li>
 *   <li>{@code requests_frequency}: requests per second, by the {@code frequency} shortcut (a
 *       {@code FrequencyCounter});</li>
 *   <li>{@code requests_data_len}: a plain value event, analysed by a {@link TotalCounter}
 *       registered up front: the total number of bytes processed.</li>
 * </ul>
 * A {@link JsonFileReporter} writes the report to a file every {@code reportPeriod} through
 * {@code startAutoReport}, as in the tutorial (there every 5 minutes; the demo uses a short period).
 *
 * <p>{@code java -jar jcounters-examples.jar server [--port 9999] [--report /tmp/server.counters.json] [--period 5]}
 *
 * <p>With {@code --timing agent} the shortcuts are left out and the JCounters agent times requests
 * instead, with no code: {@code java -javaagent:agent/target/jcounters-agent.jar=examples/patches.json
 * -jar jcounters-examples.jar server --timing agent} (see {@code TIMING=agent examples/run-tutorial.sh}).
 */
public final class TutorialServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 9999;
  public static final Path DEFAULT_REPORT = Path.of("/tmp/server.counters.json");
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
  /** The tutorial's {@code recv(1024)}. */
  static final int MAX_REQUEST_BYTES = 1024;

  /** Interned once: the hot path reports by id. */
  private static final int REQUESTS_DATA_LEN = Events.id("requests_data_len");

  private final ServerSocket socket;
  private final JsonFileReporter reporter;
  /** False when the JCounters agent times {@link #respond} instead of the shortcuts ({@code --timing agent}). */
  private final boolean shortcuts;
  private final ExecutorService handlers;
  private final Thread acceptor;

  private TutorialServer(ServerSocket socket, JsonFileReporter reporter, int handlerThreads, boolean shortcuts) {
    this.socket = socket;
    this.reporter = reporter;
    this.shortcuts = shortcuts;
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(handlerThreads, r -> new Thread(r, "tutorial-handler-" + n.incrementAndGet()));
    this.acceptor = new Thread(this::acceptLoop, "tutorial-acceptor");
  }

  /**
   * Registers the counters, starts the JSON reports and listens on {@code localhost:port}
   * ({@code 0}: any free port, see {@link #port()}).
   */
  public static TutorialServer start(int port, Path reportFile, Duration reportPeriod) throws IOException {
    return start(port, reportFile, reportPeriod, true);
  }

  /**
   * {@link #start(int, Path, Duration)}; with {@code shortcuts} false, requests are not timed by the
   * shortcuts: the JCounters agent times them instead, from {@code examples/patches.json}.
   */
  public static TutorialServer start(int port, Path reportFile, Duration reportPeriod, boolean shortcuts) throws IOException {
    Objects.requireNonNull(reportFile, "reportFile");
    // Separate reporting from analysis: the event is reported in handle(), the counter chosen here.
    Counters.registerIfAbsent(new TotalCounter("requests_data_len"));

    JsonFileReporter reporter = new JsonFileReporter(reportFile);
    reporter.startAutoReport(reportPeriod);

    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    TutorialServer server = new TutorialServer(socket, reporter, Math.max(2, Runtime.getRuntime().availableProcessors()), shortcuts);
    server.acceptor.start();
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** The report file. */
  public Path reportFile() {
    return reporter.path();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        handlers.execute(() -> serve(connection));
      } catch (SocketException closed) {
        return; // close() closed the socket
      } catch (IOException e) {
        System.err.println("accept failed: " + e);
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      connection.setSoTimeout(10_000);
      if (shortcuts) {
        handle(connection.getInputStream(), connection.getOutputStream());
      } else {
        respond(connection.getInputStream(), connection.getOutputStream());
      }
    } catch (IOException e) {
      System.err.println("request from " + connection.getRemoteSocketAddress() + " failed: " + e);
    }
  }

  /** The tutorial's {@code handle()}: timed, counted, its data length reported. */
  @SuppressWarnings("try") // the scopes are used only for their close(): that is what reports the end
  static void handle(InputStream in, OutputStream out) throws IOException {
    try (Shortcuts.Scope time = Shortcuts.time("requests_time");
        Shortcuts.Scope frequency = Shortcuts.frequency("requests_frequency")) {
      respond(in, out);
    }
  }

  /**
   * The request itself, untimed: {@link #handle} times it with the shortcuts, or the JCounters agent
   * patches it ({@code examples/patches.json}: {@code requests_time} and {@code requests_frequency}).
   */
  static void respond(InputStream in, OutputStream out) throws IOException {
    String data = new String(in.readNBytes(MAX_REQUEST_BYTES), StandardCharsets.UTF_8).strip();

    // measure the total length of data (a TotalCounter listens to this event)
    Events.value(REQUESTS_DATA_LEN, data.length());

    // just send back the same data, but upper-cased
    out.write(data.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Stops accepting, finishes the requests in progress, then writes one final report. */
  @Override
  public void close() throws IOException {
    socket.close();
    handlers.shutdown();
    try {
      acceptor.join(5_000);
      handlers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reporter.stopAutoReport(); // the final report: the file shows every request served
  }

  /** Runs the server until the process is stopped (Ctrl-C or SIGTERM write a final report). */
  public static void main(String[] args) throws IOException, InterruptedException {
    Options options = Options.parse(args, "server", "--port", "--report", "--period", "--timing");
    int port = options.intValue("--port", DEFAULT_PORT);
    Path report = Path.of(options.value("--report", DEFAULT_REPORT.toString()));
    Duration period = Duration.ofMillis(Math.round(options.doubleValue("--period", DEFAULT_PERIOD.toMillis() / 1000.0) * 1000));

    String timing = options.value("--timing", "shortcuts");
    if (!timing.equals("shortcuts") && !timing.equals("agent")) {
      throw new IllegalArgumentException("--timing is shortcuts (the default) or agent (run with -javaagent:jcounters-agent.jar=examples/patches.json), got " + timing);
    }
    TutorialServer server = start(port, report, period, timing.equals("shortcuts"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        System.err.println("closing the server: " + e);
      }
    }, "tutorial-shutdown"));
    System.out.println("upper-casing server on localhost:" + server.port() + ", report " + report.toAbsolutePath()
        + " every " + period.toMillis() / 1000.0 + " s; Ctrl-C to stop");
    server.acceptor.join();
  }
}
