package org.jcounters.multiprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Who a process is in a collection, and its key in a leader's {@code "__node_reports__"}: the host
 * name, the process id, a per-process counter (several collections may run in one JVM) and the time
 * the collection started (process ids are reused). Rendered as {@code host_pid_counter_startMillis},
 * the shape of PyCounters' node ids.
 *
 * @param host the host name, reduced to {@code [A-Za-z0-9.-]}
 * @param pid this process's id
 * @param sequence distinguishes collections started in the same process
 * @param startMillis wall-clock time at which the collection started
 */
public record NodeId(String host, long pid, long sequence, long startMillis) {
  /** Longest id accepted from a peer. */
  static final int MAX_CHARS = 200;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CHARS + "}");
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * An id of these parts; the host name is sanitized.
   *
   * @param host the host name: characters outside {@code [A-Za-z0-9.-]} become {@code -}, cut to 100
   *     characters, {@code localhost} if empty
   * @param pid the process's id
   * @param sequence distinguishes collections started in the same process
   * @param startMillis wall-clock time at which the collection started, in milliseconds since the epoch
   * @throws NullPointerException if {@code host} is null
   */
  public NodeId {
    Objects.requireNonNull(host, "host");
    host = sanitize(host);
  }

  /** A new id for a collection starting now in this process. */
  static NodeId next(String host) {
    return new NodeId(host, ProcessHandle.current().pid(), SEQUENCE.incrementAndGet(), System.currentTimeMillis());
  }

  /** Whether a peer's id has the shape of an id: bounded length, no characters that could confuse a log or a report. */
  static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * This machine's name without asking a name server: {@code HOSTNAME}, {@code COMPUTERNAME},
   * {@code /etc/hostname}, else {@code localhost}. {@code InetAddress.getLocalHost()} is avoided on
   * purpose: it resolves the name, which can stall on DNS for seconds during an election.
   */
  static String localHostName() {
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    try {
      Path etcHostname = Path.of("/etc/hostname");
      if (Files.isReadable(etcHostname)) {
        String value = Files.readString(etcHostname, StandardCharsets.UTF_8).trim();
        if (!value.isEmpty()) {
          return value;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the default: an id only needs to be unique together with pid, counter and time
    }
    return "localhost";
  }

  private static String sanitize(String host) {
    String clean = host.replaceAll("[^A-Za-z0-9.-]", "-");
    if (clean.isEmpty()) {
      clean = "localhost";
    }
    return clean.length() > 100 ? clean.substring(0, 100) : clean;
  }

  @Override
  public String toString() {
    return host + "_" + pid + "_" + sequence + "_" + startMillis;
  }
}
