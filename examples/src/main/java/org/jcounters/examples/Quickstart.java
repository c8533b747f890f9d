package org.jcounters.examples;

// The README's quick start, compiled here and checked against the README by ReadmeSnippetsTest: the
// README quotes what lies between the snippet markers, verbatim. .ci/consumer compiles and runs this
// file against the installed org.jcounters:jcounters alone.
// snippet:start
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.Shortcuts;
import org.jcounters.counters.TotalCounter;
import org.jcounters.reporters.JsonFileReporter;

public final class Quickstart {
  static final class MyTcpHandler {
    private static final int DATA_LEN = Events.id("requests_data_len");     // intern once

    @SuppressWarnings("try") // the scopes are there for their close(), which reports the end
    void handle(Socket request) throws IOException {
      try (Shortcuts.Scope t = Shortcuts.time("requests_time");               // AverageTimeCounter
           Shortcuts.Scope f = Shortcuts.frequency("requests_frequency")) {   // FrequencyCounter
        byte[] buffer = new byte[1024];
        int n = Math.max(0, request.getInputStream().read(buffer));
        String data = new String(buffer, 0, n, StandardCharsets.UTF_8).strip();
        Events.value(DATA_LEN, data.length());                                // just an event...
        request.getOutputStream().write(data.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Counters.register(new TotalCounter("requests_data_len"));                 // ...analysed here
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/server.counters.json");
    JsonFileReporter reporter = new JsonFileReporter(file);
    reporter.startAutoReport();                                               // every 5 minutes
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread client = new Thread(() -> sendRequests(server.getLocalPort(), 100));
      client.start();
      MyTcpHandler handler = new MyTcpHandler();
      for (int i = 0; i < 100; i++) {                                         // serve...
        try (Socket request = server.accept()) {
          handler.handle(request);
        }
      }
      client.join();
    } finally {
      reporter.stopAutoReport();                                              // the final report
    }
    System.out.println(Files.readString(file));
  }

  /** The tutorial's client: one request per connection, "request 0" to "request 99". */
  static void sendRequests(int port, int requests) {
    for (int i = 0; i < requests; i++) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.getOutputStream().write(("request " + i + "\n").getBytes(StandardCharsets.UTF_8));
        socket.shutdownOutput();
        socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
// snippet:end
