package org.jcounters.multiprocess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.reporters.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader: accepts nodes on its collecting address, authenticates them, and on each round collects
 * every node's values (its own included) and merges them.
 *
 * <p><b>Admission.</b> An accept thread hands each connection to a handshake pool of at most
 * {@link #maxPendingHandshakes} threads; when all are busy the connection is closed at once. A
 * handshake reads frames of at most {@link FrameCodec#HANDSHAKE_MAX_BODY} bytes and must finish within
 * the I/O timeout. Only then does the node get a {@link NodeSession}, up to {@code maxNodes} of them.
 * So what an unauthenticated peer can hold is bounded (a pool thread and a few KiB, for a few seconds),
 * and garbage at the port never reaches the sessions of honest nodes.
 *
 * <p><b>Rounds.</b> {@link #collect()} takes the sessions registered when it starts: a node that joins
 * during a round is in the next one, never half in this one. Nodes that fail or are late are left out
 * of the round (and closed), so a report always covers exactly the nodes listed in it. After an
 * election, the first round waits (up to the rejoin grace) for the previous leader's nodes, so the new
 * leader's first report is not a partial one.
 *
 * <p><b>Moves.</b> {@link #moveTo} (a better address became free) and {@link #handOver} (a better-placed
 * leader exists) exclude rounds while nodes are redirected, so no report is taken with nodes in flight.
 *
 * <p>Threads: {@code collect}, {@code moveTo}, {@code handOver} may be called from any thread and are
 * serialized by the round lock; {@link #close()} from any thread.
 */
final class LeaderServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderServer.class);

  private final CollectionConfig config;
  private final String selfId;
  private final SnapshotSource source;
  private final MessageCodec codec;
  private final SharedSecret secret;
  private final RateLimitedLog refusals = new RateLimitedLog(LOG, 20, TimeUnit.SECONDS.toNanos(10));
  private final int maxPendingHandshakes;
  private final ThreadPoolExecutor handshakes;
  private final AtomicInteger handshakeThreads = new AtomicInteger();
  private final ReentrantLock roundLock = new ReentrantLock();

  private final Object membersLock = new Object();
  /** Node id to its session; guarded by {@link #membersLock}. */
  private final Map<String, NodeSession> members = new HashMap<>();
  /** Listeners currently accepting; guarded by {@link #membersLock}. */
  private final List<Listener> listeners = new ArrayList<>();
  private volatile Listener current;
  private volatile boolean closed;

  /** Guarded by {@link #roundLock}. */
  private long round;
  private List<String> lastRoster = List.of();
  private Set<String> expected;
  private final long expectedUntilNanos;

  private record Listener(ServerSocket server, int level, Thread acceptor) {}

  /**
   * @param expected node ids the previous leader last collected from: the first round waits for them
   *     until the rejoin grace has passed
   */
  LeaderServer(CollectionConfig config, NodeId self, SnapshotSource source, MessageCodec codec, SharedSecret secret,
      Set<String> expected) {
    this.config = config;
    this.selfId = self.toString();
    this.source = source;
    this.codec = codec;
    this.secret = secret;
    this.expected = Set.copyOf(expected);
    this.expectedUntilNanos = System.nanoTime() + config.rejoinGrace().toNanos();
    // Enough for a whole group arriving at once after a failover, few enough that a flood of silent
    // connections costs a bounded number of threads.
    this.maxPendingHandshakes = Math.max(8, Math.min(config.maxNodes(), 32));
    this.handshakes = new ThreadPoolExecutor(0, maxPendingHandshakes, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "jcounters-handshake-" + handshakeThreads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Binds the address at {@code level} for leading, or fails if anything else holds it. */
  static ServerSocket bind(CollectionConfig config, int level) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      // Lets a new leader bind a port whose previous leader died a moment ago (its connections linger
      // in TIME_WAIT); it never lets two listeners share a port.
      server.setReuseAddress(true);
      // A backlog that a whole group can queue in at once: PyCounters failed beyond ~10 processes with its default.
      server.bind(config.bindAddressFor(level), config.maxNodes() + 64);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Starts accepting nodes on {@code server}, which holds the address at {@code level}. */
  void listen(ServerSocket server, int level) {
    Thread acceptor = new Thread(() -> accept(server, level), "jcounters-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    Listener listener = new Listener(server, level, acceptor);
    synchronized (membersLock) {
      if (closed) {
        closeQuietly(server);
        return;
      }
      listeners.add(listener);
      current = listener;
    }
    acceptor.start();
    LOG.info("leading on {} (level {})", server.getLocalSocketAddress(), level);
  }

  /** Index of the address this leader holds, or -1 once closed. */
  int level() {
    Listener listener = current;
    return closed || listener == null ? -1 : listener.level();
  }

  /** Nodes with a session, this leader not counted. */
  int nodeCount() {
    synchronized (membersLock) {
      return members.size();
    }
  }

  private void accept(ServerSocket server, int level) {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
        LOG.warn("accept on {} failed: {}", server.getLocalSocketAddress(), e.toString());
        pause(); // e.g. out of file descriptors: do not spin
        continue;
      }
      try {
        handshakes.execute(() -> handshake(socket, level));
      } catch (RejectedExecutionException e) {
        refusals.warn("refusing {}: {} connections are already waiting for their handshake",
            socket.getRemoteSocketAddress(), maxPendingHandshakes);
        closeQuietly(socket);
      }
    }
  }

  private void handshake(Socket socket, int level) {
    String who = String.valueOf(socket.getRemoteSocketAddress());
    Connection connection = null;
    try {
      connection = new Connection(socket, codec, config.maxFrameBytes());
      long deadline = System.nanoTime() + config.ioTimeout().toNanos();
      Message first = connection.receive(FrameCodec.HANDSHAKE_MAX_BODY, deadline);
      if (!(first instanceof Message.Hello hello)) {
        throw new ProtocolException("expected hello, got " + Connection.typeOf(first));
      }
      who = hello.nodeId() + " at " + who;
      byte[] leaderNonce = null;
      if (secret != null) {
        leaderNonce = SharedSecret.nonce();
        connection.send(new Message.Challenge(leaderNonce));
        Message second = connection.receive(FrameCodec.HANDSHAKE_MAX_BODY, deadline);
        if (!(second instanceof Message.Auth auth)) {
          throw new ProtocolException("expected auth, got " + Connection.typeOf(second));
        }
        if (!SharedSecret.matches(secret.nodeProof(leaderNonce, hello.nonce(), hello.nodeId()), auth.mac())) {
          refuse(connection, who, "authentication failed: wrong shared secret");
          return;
        }
      }
      byte[] proof = secret == null ? null : secret.leaderProof(leaderNonce, hello.nonce(), hello.nodeId());
      Message.Welcome welcome = new Message.Welcome(selfId, level, proof);
      if (hello.probe()) {
        connection.send(welcome);
        connection.close();
        return;
      }
      if (hello.nodeId().equals(selfId)) {
        refuse(connection, who, "a node may not use the leader's own id");
        return;
      }
      NodeSession session = new NodeSession(hello.nodeId(), connection, level, config, this::removed, refusals);
      String refusal = register(session);
      if (refusal != null) {
        refuse(connection, who, refusal);
        return;
      }
      try {
        connection.send(welcome);
      } catch (IOException e) {
        session.close("welcome failed");
        throw e;
      }
      session.start();
      LOG.info("node {} joined (level {})", who, level);
    } catch (IOException | RuntimeException e) {
      refusals.warn("closing connection from {}: {}", who, Connection.describe(e));
      if (connection != null) {
        connection.close();
      } else {
        closeQuietly(socket);
      }
    }
  }

  private void refuse(Connection connection, String who, String reason) {
    refusals.warn("refusing {}: {}", who, reason);
    try {
      connection.send(new Message.Reject(reason));
    } catch (IOException e) {
      // the peer is refused either way
    }
    connection.close();
  }

  /** Adds a session, replacing one with the same node id (a node that reconnected). Null on success, else why not. */
  private String register(NodeSession session) {
    NodeSession replaced;
    synchronized (membersLock) {
      if (closed) {
        return "the leader is shutting down";
      }
      replaced = members.get(session.nodeId());
      if (replaced == null && members.size() >= config.maxNodes()) {
        return "the leader already serves its maximum of " + config.maxNodes() + " nodes";
      }
      members.put(session.nodeId(), session);
      membersLock.notifyAll();
    }
    if (replaced != null) {
      replaced.close("replaced by a new connection from the same node");
    }
    return null;
  }

  private void removed(NodeSession session) {
    synchronized (membersLock) {
      if (members.remove(session.nodeId(), session)) {
        membersLock.notifyAll();
      }
    }
  }

  /**
   * Runs one round: asks every node for its values, takes this process's own snapshot, merges them.
   * Bounded by the I/O timeout (plus the rejoin grace on the first round after an election).
   *
   * @return the merged report, or {@code null} if this leader is closed or busy moving
   */
  Report collect() throws InterruptedException {
    if (!roundLock.tryLock(config.ioTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
      LOG.warn("skipping a round: the leader is still redirecting its nodes");
      return null;
    }
    try {
      if (closed) {
        return null;
      }
      awaitExpected();
      long thisRound = ++round;
      List<NodeSession> sessions;
      synchronized (membersLock) {
        sessions = new ArrayList<>(members.values());
      }
      sessions.sort(Comparator.comparing(NodeSession::nodeId));
      Message.Collect request = new Message.Collect(thisRound, lastRoster);
      List<CompletableFuture<Message>> replies = new ArrayList<>(sessions.size());
      for (NodeSession session : sessions) {
        replies.add(session.collect(request));
      }
      Snapshot own = source.snapshot();
      List<ReportMerger.NodeValues> answers = new ArrayList<>(sessions.size() + 1);
      answers.add(new ReportMerger.NodeValues(selfId, own.values(), own.droppedEvents()));
      long deadline = System.nanoTime() + config.ioTimeout().toNanos();
      for (int i = 0; i < sessions.size(); i++) {
        NodeSession session = sessions.get(i);
        try {
          Message answer = replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (answer instanceof Message.Values values) {
            answers.add(new ReportMerger.NodeValues(session.nodeId(), values.values(), values.droppedEvents()));
          } else if (answer instanceof Message.CollectFailed failed) {
            LOG.warn("node {} could not answer round {}: {}", session.nodeId(), thisRound, failed.reason());
          }
        } catch (TimeoutException e) {
          session.close("no values within " + config.ioTimeout().toMillis() + " ms");
          LOG.warn("node {} left out of round {}: no values within {} ms", session.nodeId(), thisRound, config.ioTimeout().toMillis());
        } catch (ExecutionException e) {
          LOG.warn("node {} left out of round {}: {}", session.nodeId(), thisRound, Connection.describe(e.getCause()));
        }
      }
      if (closed) {
        return null; // closed during the round (stepping down, shutting down): its answers are incomplete
      }
      List<String> roster = new ArrayList<>(answers.size());
      answers.forEach(a -> roster.add(a.nodeId()));
      lastRoster = roster;
      return ReportMerger.merge(answers, System.currentTimeMillis() / 1000.0);
    } finally {
      roundLock.unlock();
    }
  }

  private void awaitExpected() throws InterruptedException {
    if (expected.isEmpty()) {
      return;
    }
    Set<String> missing;
    synchronized (membersLock) {
      while (true) {
        missing = new HashSet<>(expected);
        missing.removeAll(members.keySet());
        long remaining = expectedUntilNanos - System.nanoTime();
        if (missing.isEmpty() || remaining <= 0 || closed) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(membersLock, remaining);
      }
    }
    if (!missing.isEmpty()) {
      LOG.info("first report after the election without {} node(s) of the previous leader that did not rejoin in time: {}",
          missing.size(), missing);
    }
    expected = Set.of();
  }

  /**
   * Moves to the better address {@code server} holds: accepts there, tells every node to reconnect
   * there, waits (bounded) until they have, then releases the old address.
   *
   * @return false if a round kept the leader busy; the caller closes {@code server} and retries later
   */
  boolean moveTo(ServerSocket server, int level) throws InterruptedException {
    if (!roundLock.tryLock(config.ioTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    try {
      if (closed) {
        return false;
      }
      long start = System.nanoTime();
      List<Listener> old;
      synchronized (membersLock) {
        old = new ArrayList<>(listeners);
      }
      listen(server, level);
      List<NodeSession> movers;
      synchronized (membersLock) {
        movers = new ArrayList<>(members.values());
      }
      movers.forEach(s -> s.redirect(level));
      long deadline = System.nanoTime() + config.connectTimeout().plus(config.ioTimeout()).toNanos();
      int followed = 0;
      synchronized (membersLock) {
        while (!settled(movers, level) && System.nanoTime() < deadline) {
          TimeUnit.NANOSECONDS.timedWait(membersLock, deadline - System.nanoTime());
        }
        for (NodeSession mover : movers) {
          NodeSession now = members.get(mover.nodeId());
          followed += now != null && now.level() == level ? 1 : 0;
        }
        listeners.removeAll(old);
      }
      old.forEach(l -> closeQuietly(l.server()));
      movers.forEach(s -> s.close("did not follow the move to level " + level));
      LOG.info("moved to level {} in {} ms; {} of {} nodes followed", level,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), followed, movers.size());
      return true;
    } finally {
      roundLock.unlock();
    }
  }

  /** Whether each mover has either reconnected at {@code level} or gone for good. Holds {@link #membersLock}. */
  private boolean settled(List<NodeSession> movers, int level) {
    for (NodeSession mover : movers) {
      NodeSession now = members.get(mover.nodeId());
      if (now != null && now.level() != level) {
        return false;
      }
    }
    return true;
  }

  /**
   * Steps down: stops accepting, tells every node to reconnect to the better-placed leader at
   * {@code level}, waits (bounded) for them to leave, and closes.
   */
  void handOver(int level) throws InterruptedException {
    boolean locked = roundLock.tryLock(config.ioTimeout().toNanos(), TimeUnit.NANOSECONDS);
    try {
      List<NodeSession> sessions;
      synchronized (membersLock) {
        listeners.forEach(l -> closeQuietly(l.server()));
        sessions = new ArrayList<>(members.values());
      }
      sessions.forEach(s -> s.redirect(level));
      long deadline = System.nanoTime() + config.connectTimeout().plus(config.ioTimeout()).toNanos();
      synchronized (membersLock) {
        while (!members.isEmpty() && System.nanoTime() < deadline) {
          TimeUnit.NANOSECONDS.timedWait(membersLock, deadline - System.nanoTime());
        }
      }
      LOG.info("handed {} node(s) over to the leader at level {}", sessions.size(), level);
    } finally {
      close();
      if (locked) {
        roundLock.unlock();
      }
    }
  }

  /** Stops accepting, closes every session (their nodes re-elect) and the handshake pool. Idempotent. */
  @Override
  public void close() {
    List<NodeSession> sessions;
    synchronized (membersLock) {
      if (closed) {
        return;
      }
      closed = true;
      listeners.forEach(l -> closeQuietly(l.server()));
      listeners.clear();
      sessions = new ArrayList<>(members.values());
      membersLock.notifyAll();
    }
    handshakes.shutdownNow();
    sessions.forEach(s -> s.close("the leader is closing"));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // releasing is best effort
    }
  }
}
