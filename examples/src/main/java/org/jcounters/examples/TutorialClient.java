package org.jcounters.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the {@link TutorialServer}: a few threads each send requests, one per connection, for a
 * given time, and check every answer is the request upper-cased.
 *
 * <p>{@code java -jar jcounters-examples.jar client [--port 9999] [--seconds 5] [--threads 2]}
 */
public final class TutorialClient {
  /** What a run sent: requests answered, and the total length of their (stripped) data. */
  public record Result(long requests, long bytes) {}

  private TutorialClient() {}

  /** Sends one request and returns the answer. */
  public static String send(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput(); // the request is complete: the server reads to the end
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends requests from {@code threads} threads for {@code duration}.
   *
   * @throws IllegalStateException if an answer is wrong or a request fails
   */
  public static Result run(int port, Duration duration, int threads) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    AtomicLong requests = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int sender = t;
      Thread thread = new Thread(() -> {
        try {
          for (long i = 0; System.nanoTime() < deadline; i++) {
            String data = "request " + i + " from sender " + sender;
            String answer = send(port, data);
            if (!answer.equals(data.toUpperCase(Locale.ROOT))) {
              throw new IllegalStateException("sent '" + data + "', got '" + answer + "'");
            }
            requests.incrementAndGet();
            bytes.addAndGet(data.length());
          }
        } catch (IOException | RuntimeException e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }, "tutorial-client-" + t);
      senders.add(thread);
      thread.start();
    }
    for (Thread thread : senders) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      IllegalStateException failed = new IllegalStateException("requests failed: " + failures.get(0), failures.get(0));
      failures.stream().skip(1).forEach(failed::addSuppressed);
      throw failed;
    }
    return new Result(requests.get(), bytes.get());
  }

  /** Waits until something listens on {@code port}, up to {@code patience}. */
  static void awaitServer(int port, Duration patience) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
        return;
      } catch (ConnectException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no server on localhost:" + port + " after " + patience.toSeconds() + " s", notYet);
        }
        Thread.sleep(100); // polling a starting JVM: nothing to wait on but time
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, "client", "--port", "--seconds", "--threads");
    int port = options.intValue("--port", TutorialServer.DEFAULT_PORT);
    double seconds = options.doubleValue("--seconds", 5);
    int threads = options.intValue("--threads", 2);
    awaitServer(port, Duration.ofSeconds(30));
    Result result = run(port, Duration.ofMillis(Math.round(seconds * 1000)), threads);
    System.out.println("sent " + result.requests() + " requests (" + result.bytes() + " bytes) in " + seconds + " s");
  }
}
