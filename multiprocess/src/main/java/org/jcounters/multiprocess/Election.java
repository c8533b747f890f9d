package org.jcounters.multiprocess;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election, PyCounters' algorithm over the ordered address list: join a leader if one answers on
 * any address, best first; otherwise lead by binding the best free address; otherwise wait and retry,
 * with a jittered exponential back-off, until the timeout.
 *
 * <p>One refinement over PyCounters: when binding an address fails because another process just took
 * it (a leader that won the same race), the election tries to join that address before falling back
 * to a worse one. Processes started together therefore settle on one leader, instead of one leader per
 * address; any two leaders left anyway are reconciled by the fall-back leader stepping down.
 *
 * <p>Another: when a leader of the group answers on an address but refuses this process (wrong
 * secret, node limit, another protocol version), the election does not lead on a worse address, which
 * would split the group silently; it keeps trying and, past the timeout, fails with the leader's reason.
 *
 * <p>And it falls back only on evidence. Per address, what a join attempt learns is one of: a leader
 * (join it), nobody listening (connection refused: the address is free, lead there), a stranger (an
 * answer that is not the protocol: try the next address), or <em>no answer yet</em> (a time-out, a
 * reset, the connection closed before an answer, a full backlog). The last is what a busy or flooded
 * leader looks like, so it means "retry", with back-off, and never "lead on a worse address" until the
 * address has stayed unanswering for {@link CollectionConfig#fallBackAfter()}. A fall-back leader
 * elected anyway (a partition, a stopped leader) still cannot write: the {@link WriterLock} decides that.
 *
 * <p>{@link Role#NODE} only joins, {@link Role#LEADER} only binds. Not thread-safe: one election at a
 * time, on the coordinator thread.
 */
final class Election {
  private static final Logger LOG = LoggerFactory.getLogger(Election.class);
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  /** What an election produced: this process leads on a bound address, or joined a leader. */
  sealed interface Outcome {
    record Lead(ServerSocket server, int level) implements Outcome {}

    record Joined(NodeClient client) implements Outcome {}
  }

  private final CollectionConfig config;
  private final String nodeId;
  private final MessageCodec codec;
  private final SharedSecret secret;

  Election(CollectionConfig config, String nodeId, MessageCodec codec, SharedSecret secret) {
    this.config = config;
    this.nodeId = nodeId;
    this.codec = codec;
    this.secret = secret;
  }

  /**
   * Runs until it has an outcome, the timeout passes, or {@code cancelled} turns true.
   *
   * @throws ElectionException after the configured timeout, naming every address's last failure
   * @throws InterruptedException if cancelled or interrupted
   */
  Outcome run(BooleanSupplier cancelled) throws ElectionException, InterruptedException {
    int n = config.addresses().size();
    String[] joinFailures = new String[n];
    String[] bindFailures = new String[n];
    long start = System.nanoTime();
    long deadline = start + config.timeout().toNanos();
    long backoff = FIRST_BACKOFF_MILLIS;
    int attempts = 0;
    // Per address, when it started giving no answer (consecutively), or -1: the evidence clock for falling back.
    long[] unansweredSince = new long[n];
    Arrays.fill(unansweredSince, -1);
    while (true) {
      if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("election cancelled");
      }
      attempts++;
      Attempt attempt = new Attempt(n);
      int bindBelow = n;
      if (config.role() != Role.LEADER) {
        for (int level = 0; level < n; level++) {
          NodeClient client = tryJoin(level, joinFailures, attempt);
          if (client != null) {
            return joined(client, start);
          }
          if (attempt.leaderRefused[level]) {
            bindBelow = Math.min(bindBelow, level);
          }
          if (!attempt.unanswered[level]) {
            unansweredSince[level] = -1;
          } else if (!unansweredTooLong(level, unansweredSince, attempt, joinFailures[level])) {
            bindBelow = Math.min(bindBelow, level); // maybe a busy leader: no worse address yet
          }
        }
      }
      if (config.role() != Role.NODE) {
        for (int level = 0; level < bindBelow; level++) {
          ServerSocket server = tryBind(level, bindFailures);
          if (server != null) {
            LOG.info("elected leader on {} (level {}) in {} ms", config.addresses().get(level), level, millisSince(start));
            return new Outcome.Lead(server, level);
          }
          // Refused a moment ago, taken now: most likely a leader that just won this address.
          if (config.role() == Role.AUTO && attempt.nobodyListening[level]) {
            NodeClient client = tryJoin(level, joinFailures, attempt);
            if (client != null) {
              return joined(client, start);
            }
          }
          if (config.role() == Role.AUTO && !attempt.stranger[level]) {
            break; // held by what may be a leader that is still starting: retry it, not a worse address
          }
        }
      }
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remainingMillis <= 0) {
        throw new ElectionException(failure(attempts, joinFailures, bindFailures));
      }
      // Jitter spreads a herd of processes that lost their leader at the same instant.
      long sleep = Math.min(remainingMillis, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      Thread.sleep(sleep);
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  /**
   * Starts or reads the evidence clock of an unanswering address; true (and the address counts as a
   * stranger's) once it has given no answer for {@link CollectionConfig#fallBackAfter()}.
   */
  private boolean unansweredTooLong(int level, long[] unansweredSince, Attempt attempt, String lastFailure) {
    long now = System.nanoTime();
    if (unansweredSince[level] < 0) {
      unansweredSince[level] = now;
    }
    long silentNanos = now - unansweredSince[level];
    if (silentNanos < config.fallBackAfter().toNanos()) {
      return false;
    }
    attempt.stranger[level] = true;
    LOG.warn("{} has given no protocol answer for {} ms ({}): treating it as held by a stranger",
        config.addresses().get(level), TimeUnit.NANOSECONDS.toMillis(silentNanos), lastFailure);
    return true;
  }

  private Outcome joined(NodeClient client, long start) {
    LOG.info("joined leader {} on {} (level {}) in {} ms", client.leaderId(), config.addresses().get(client.level()),
        client.level(), millisSince(start));
    return new Outcome.Joined(client);
  }

  /** What one pass over the addresses learnt about each of them. */
  private static final class Attempt {
    final boolean[] nobodyListening;
    final boolean[] leaderRefused;
    /** Something accepted the connection but gave no answer yet: maybe a busy leader. */
    final boolean[] unanswered;
    /** Answered with something that is not the protocol. */
    final boolean[] stranger;

    Attempt(int addresses) {
      nobodyListening = new boolean[addresses];
      leaderRefused = new boolean[addresses];
      unanswered = new boolean[addresses];
      stranger = new boolean[addresses];
    }
  }

  /** Joins the leader at {@code level}, or returns null and records why not. */
  private NodeClient tryJoin(int level, String[] failures, Attempt attempt) {
    try {
      return NodeClient.join(config, level, nodeId, codec, secret);
    } catch (ConnectException e) {
      attempt.nobodyListening[level] = true;
      failures[level] = "join: nobody listening (" + e.getMessage() + ")";
    } catch (SocketTimeoutException e) {
      attempt.unanswered[level] = true;
      failures[level] = "join: no answer within " + config.connectTimeout().toMillis() + " ms (a busy leader, or not a JCounters leader?)";
    } catch (JoinRefusedException e) {
      attempt.leaderRefused[level] = true;
      failures[level] = "join refused: " + e.getMessage();
      LOG.warn("a leader on {} refuses this process: {}", config.addresses().get(level), e.getMessage());
    } catch (ProtocolException.VersionMismatch e) {
      attempt.leaderRefused[level] = true;
      failures[level] = "join refused: " + e.getMessage();
      LOG.error("cannot join the leader on {}: {}", config.addresses().get(level), e.getMessage());
    } catch (ProtocolException e) {
      // an answer that is not the protocol: a stranger holds the address, the next one may be used
      attempt.stranger[level] = true;
      failures[level] = "join: not a JCounters leader (" + e.getMessage() + ")";
      LOG.warn("{} is held by something that is not a JCounters leader: {}", config.addresses().get(level), e.getMessage());
    } catch (IOException | RuntimeException e) {
      // a reset, a connection closed before any answer: what a leader shedding load looks like
      attempt.unanswered[level] = true;
      failures[level] = "join: " + Connection.describe(e);
      LOG.info("no answer yet from {}: {}; retrying", config.addresses().get(level), Connection.describe(e));
    }
    return null;
  }

  /** Binds the address at {@code level}, or returns null and records why not. */
  ServerSocket tryBind(int level, String[] failures) {
    try {
      return LeaderServer.bind(config, level);
    } catch (IOException | RuntimeException e) {
      failures[level] = "bind " + config.bindAddressFor(level) + ": " + e.getMessage();
      return null;
    }
  }

  /** Whether a leader answers (and, with a secret, proves it knows it) at {@code level}. */
  boolean leaderAnswers(int level) {
    try {
      String leader = NodeClient.probe(config, level, nodeId, codec, secret);
      LOG.info("leader {} answers on the better address {} (level {})", leader, config.addresses().get(level), level);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private String failure(int attempts, String[] joinFailures, String[] bindFailures) {
    StringBuilder message = new StringBuilder()
        .append("no leader elected within ").append(config.timeout().toSeconds()).append(" s (role ").append(config.role())
        .append(", ").append(attempts).append(" attempts); last failures:");
    for (int level = 0; level < config.addresses().size(); level++) {
      message.append("\n  ").append(config.addresses().get(level)).append(": ");
      String[] reasons = Arrays.stream(new String[] {joinFailures[level], bindFailures[level]})
          .filter(r -> r != null).toArray(String[]::new);
      message.append(reasons.length == 0 ? "not tried" : String.join("; ", reasons));
    }
    return message.toString();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
