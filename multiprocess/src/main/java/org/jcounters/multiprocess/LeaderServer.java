package org.jcounters.multiprocess;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.jcounters.core.Report;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.internal.core.Seconds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader: accepts nodes on its collecting address, authenticates them, and on each round collects
 * every node's values (its own included) and merges them.
 *
 * <p><b>Admission.</b> An accept thread hands each connection to a {@link HelloReader}, which waits
 * for its first frame on one selector thread, without a thread per connection, and closes it if none
 * comes within the handshake timeout. A connection whose hello arrived goes to a handshake pool of at
 * most {@link #maxPendingHandshakes} threads (closed at once when all are busy), which finishes the
 * handshake with frames of at most {@link FrameCodec#HANDSHAKE_MAX_BODY} bytes within the same
 * timeout. Only then does the node get a {@link NodeSession}, up to {@code maxNodes} of them. So what
 * an unauthenticated peer can hold is bounded (a descriptor and a few hundred bytes, for a few
 * seconds), silent connections never delay a legitimate node's hello, and garbage at the port never
 * reaches the sessions of honest nodes.
 *
 * <p><b>Writing.</b> Only a leader that holds the {@link WriterLock} returns reports, each carrying its
 * election epoch. A leader that cannot take the lock returns none, and if the lock's holder is better
 * placed it asks to step down.
 *
 * <p><b>Rounds.</b> {@link #collect()} takes the sessions registered when it starts: a node that joins
 * during a round is in the next one, never half in this one. Each node gets the
 * {@linkplain CollectionConfig#roundDeadline() round deadline} to answer; a node that is late (or whose
 * previous answer is still outstanding, or that could not answer) is carried forward with the values
 * it sent last and listed in the report's stale nodes, for at most the I/O timeout after those values;
 * a node is left out only once its connection is closed (which its session does after the I/O timeout
 * without an answer) or its values are older than that. After an election, the first round waits (up
 * to the rejoin grace) for the previous leader's nodes, so the new leader's first report is not a
 * partial one.
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
  /** Server sockets currently accepting; guarded by {@link #membersLock}. */
  private final List<BoundPort> boundPorts = new ArrayList<>();
  private volatile BoundPort current;
  private volatile boolean closed;
  private final HelloReader hellos;
  private final IntConsumer betterLeader;
  private final RateLimitedLog notWriting = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS.toNanos(10));
  /** Set once this leader holds the writer lock; released by {@link #close()}. */
  private volatile WriterLock writerLock;

  /** Guarded by {@link #roundLock}. */
  private long round;
  private List<String> lastRoster = List.of();
  private Set<String> expected;
  private final long expectedUntilNanos;
  /** Node id to what the rounds know of it; guarded by {@link #roundLock}. */
  private final Map<String, NodeRound> nodeRounds = new HashMap<>();

  private record BoundPort(ServerSocket server, int level, Thread acceptor) {}

  /** A node's last answer and its request in flight, across rounds. */
  private static final class NodeRound {
    NodeSession session;
    CompletableFuture<Message> inFlight;
    ReportMerger.NodeValues last;
    long lastNanos;
  }

  /**
   * @param expected node ids the previous leader last collected from: the first round waits for them
   *     until the rejoin grace has passed
   */
  LeaderServer(CollectionConfig config, NodeId self, SnapshotSource source, MessageCodec codec, SharedSecret secret,
      Set<String> expected, IntConsumer betterLeader) throws IOException {
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
    this.betterLeader = betterLeader;
    this.hellos = new HelloReader("jcounters-hello-" + self.sequence(), config.handshakeTimeout().toNanos(), new HelloReader.Handler() {
      @Override
      public void hello(SocketChannel channel, byte[] body, int level, long deadlineNanos) {
        startHandshake(channel, () -> handshake(channel.socket(), body, level, deadlineNanos));
      }

      @Override
      public void versionMismatch(SocketChannel channel, ProtocolException.VersionMismatch mismatch, int level) {
        startHandshake(channel, () -> refuseVersion(channel.socket(), mismatch));
      }
    }, refusals);
  }

  /** Binds the address at {@code level} for leading, or fails if anything else holds it. */
  static ServerSocket bind(CollectionConfig config, int level) throws IOException {
    // From a channel, so that accepted connections have one: the hello reader selects on them. Of the
    // address's own family: a default channel is dual-stack and would turn 0.0.0.0 into [::].
    InetSocketAddress address = config.bindAddressFor(level);
    ServerSocket server = ServerSocketChannel.open(address.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET).socket();
    try {
      // Lets a new leader bind a port whose previous leader died a moment ago (its connections linger
      // in TIME_WAIT); it never lets two server sockets share a port.
      server.setReuseAddress(true);
      // A backlog that a whole group can queue in at once: PyCounters failed beyond ~10 processes with its default.
      server.bind(address, config.maxNodes() + 64);
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
    BoundPort bound = new BoundPort(server, level, acceptor);
    synchronized (membersLock) {
      if (closed) {
        closeQuietly(server);
        return;
      }
      boundPorts.add(bound);
      current = bound;
    }
    acceptor.start();
    LOG.info("leading on {} (level {})", server.getLocalSocketAddress(), level);
  }

  /** Index of the address this leader holds, or -1 once closed. */
  int level() {
    BoundPort bound = current;
    return closed || bound == null ? -1 : bound.level();
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
      hellos.add(socket.getChannel(), level);
    }
  }

  /** Runs the rest of a handshake on the pool; closes the connection at once if the pool is full. */
  private void startHandshake(SocketChannel channel, Runnable handshake) {
    try {
      handshakes.execute(handshake);
    } catch (RejectedExecutionException e) {
      refusals.warn("refusing {}: {} connections are already in their handshake", channel.socket().getRemoteSocketAddress(),
          maxPendingHandshakes);
      closeQuietly(channel);
    }
  }

  /** A JCounters peer of another protocol version: say so in this version (it may understand a reject), and in the log. */
  private void refuseVersion(Socket socket, ProtocolException.VersionMismatch mismatch) {
    String who = String.valueOf(socket.getRemoteSocketAddress());
    try {
      Connection connection = new Connection(socket, codec, config.maxFrameBytes());
      refuse(connection, who, mismatch.getMessage());
    } catch (IOException e) {
      LOG.warn("refusing {}: {}", who, mismatch.getMessage());
      closeQuietly(socket);
    }
  }

  private void handshake(Socket socket, byte[] helloBody, int level, long deadline) {
    String who = String.valueOf(socket.getRemoteSocketAddress());
    Connection connection = null;
    try {
      connection = new Connection(socket, codec, config.maxFrameBytes());
      Message first = codec.decode(helloBody);
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
    if (reason.length() > Message.MAX_REASON_CHARS) {
      reason = reason.substring(0, Message.MAX_REASON_CHARS);
    }
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
   * Bounded by the round deadline (plus the rejoin grace on the first round after an election, and
   * the I/O timeout if a move holds the round lock).
   *
   * @return the merged report, or {@code null} if this leader is closed, busy moving, or does not hold the writer lock
   */
  Report collect() throws InterruptedException {
    if (!roundLock.tryLock(config.ioTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
      LOG.warn("skipping a round: the leader is still redirecting its nodes");
      return null;
    }
    try {
      if (closed || !holdsWriterLock()) {
        return null;
      }
      Set<String> previousNodes = awaitExpected();
      long thisRound = ++round;
      List<NodeSession> sessions;
      synchronized (membersLock) {
        sessions = new ArrayList<>(members.values());
      }
      sessions.sort(Comparator.comparing(NodeSession::nodeId));
      Set<String> present = new HashSet<>();
      sessions.forEach(session -> present.add(session.nodeId()));
      nodeRounds.keySet().retainAll(present); // gone: its connection closed
      Message.Collect request = new Message.Collect(thisRound, lastRoster);
      List<CompletableFuture<Message>> asked = new ArrayList<>(sessions.size());
      for (NodeSession session : sessions) {
        asked.add(ask(session, request));
      }
      Snapshot own = source.snapshot();
      List<ReportMerger.NodeValues> answers = new ArrayList<>(sessions.size() + 1);
      answers.add(new ReportMerger.NodeValues(selfId, own.values(), own.droppedEvents()));
      Map<String, Double> stale = new TreeMap<>();
      long deadline = System.nanoTime() + config.roundDeadline().toNanos();
      for (int i = 0; i < sessions.size(); i++) {
        NodeSession session = sessions.get(i);
        NodeRound node = nodeRounds.get(session.nodeId());
        // The previous leader's nodes have no values here yet: their first answer gets the rest of the
        // rejoin grace, not only the round deadline, so the first report after a failover is whole.
        long nodeDeadline = previousNodes.contains(session.nodeId()) && node != null && node.last == null
            && expectedUntilNanos - deadline > 0 ? expectedUntilNanos : deadline;
        String late = await(session, asked.get(i), node, thisRound, nodeDeadline);
        if (late == null) {
          answers.add(node.last);
          continue;
        }
        if (node == null || !nodeRounds.containsKey(session.nodeId())) {
          continue; // its session failed: the node is gone until it rejoins
        }
        long ageNanos = System.nanoTime() - node.lastNanos;
        if (node.last == null || ageNanos > config.ioTimeout().toNanos()) {
          LOG.warn("node {} left out of round {}: {}, and {}", session.nodeId(), thisRound, late,
              node.last == null ? "it never answered" : "its last values are older than the I/O timeout");
          continue;
        }
        answers.add(node.last);
        stale.put(session.nodeId(), Seconds.fromNanos(ageNanos));
        LOG.info("node {} carried forward in round {} ({} ms old): {}", session.nodeId(), thisRound,
            TimeUnit.NANOSECONDS.toMillis(ageNanos), late);
      }
      if (closed) {
        return null; // closed during the round (stepping down, shutting down): its answers are incomplete
      }
      List<String> roster = new ArrayList<>(answers.size());
      answers.forEach(a -> roster.add(a.nodeId()));
      lastRoster = roster;
      return ReportMerger.merge(answers, System.currentTimeMillis() / 1000.0, writerLock.epoch(), stale);
    } finally {
      roundLock.unlock();
    }
  }

  /**
   * Sends this round's request to a node, unless its previous answer is still outstanding (a slow
   * node is not asked twice: it costs no round more than one deadline). A late answer that arrived
   * since is kept as the node's last values.
   *
   * @return the request's answer, or {@code null} if none was sent
   */
  private CompletableFuture<Message> ask(NodeSession session, Message.Collect request) {
    NodeRound node = nodeRounds.computeIfAbsent(session.nodeId(), id -> new NodeRound());
    if (node.session != session) {
      node.session = session; // reconnected: what it sent on its old connection is still its last values
      node.inFlight = null;
    }
    if (node.inFlight != null) {
      if (!node.inFlight.isDone()) {
        return null;
      }
      if (!node.inFlight.isCompletedExceptionally()) {
        keepAnswer(session, node, node.inFlight.getNow(null));
      }
    }
    node.inFlight = session.collect(request);
    return node.inFlight;
  }

  /**
   * Waits (until the round's deadline) for a node's answer and keeps it.
   *
   * @return null if the node answered this round, else why not
   */
  private String await(NodeSession session, CompletableFuture<Message> reply, NodeRound node, long round, long deadline)
      throws InterruptedException {
    if (reply == null) {
      return "its answer to an earlier round is still outstanding";
    }
    try {
      Message answer = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (answer instanceof Message.CollectFailed failed) {
        return "it could not answer: " + failed.reason();
      }
      keepAnswer(session, node, answer);
      return null;
    } catch (TimeoutException e) {
      return "no values within " + config.roundDeadline().toMillis() + " ms";
    } catch (ExecutionException e) {
      nodeRounds.remove(session.nodeId());
      LOG.warn("node {} left out of round {}: {}", session.nodeId(), round, Connection.describe(e.getCause()));
      return Connection.describe(e.getCause());
    }
  }

  private static void keepAnswer(NodeSession session, NodeRound node, Message answer) {
    if (answer instanceof Message.Values values) {
      node.last = new ReportMerger.NodeValues(session.nodeId(), values.values(), values.droppedEvents());
      node.lastNanos = System.nanoTime();
    }
  }

  /**
   * Whether this leader holds the writer lock, taking it if it is free. When another process holds
   * it, logs who (at most every 10 s) and asks to step down if that holder is better placed.
   */
  synchronized boolean holdsWriterLock() {
    if (writerLock != null) {
      return true;
    }
    int level = level();
    try {
      WriterLock lock = WriterLock.tryAcquire(config.lockFile(), Math.max(level, 0), selfId);
      if (lock != null) {
        synchronized (membersLock) {
          if (closed) {
            lock.release();
            return false;
          }
          writerLock = lock;
        }
        LOG.info("holding the writer lock {}: reports of epoch {}", config.lockFile(), lock.epoch());
        return true;
      }
    } catch (IOException e) {
      notWriting.warn("cannot use the writer lock file {}: {}; writing no report", config.lockFile(), e.toString());
      return false;
    }
    WriterLock.Holder holder = WriterLock.readHolder(config.lockFile());
    notWriting.warn("not writing reports: the writer lock {} is held by {}", config.lockFile(),
        holder == null ? "another process" : holder.nodeId() + " (epoch " + holder.epoch() + ", level " + holder.level() + ")");
    if (holder != null && level > 0 && holder.level() < level && config.role() == Role.AUTO) {
      betterLeader.accept(holder.level());
    }
    return false;
  }

  /** The writer lock this leader holds, or {@code null}. */
  WriterLock writerLock() {
    return writerLock;
  }

  /**
   * Waits (until the rejoin grace has passed) for the previous leader's nodes to join.
   *
   * @return the nodes waited for, whose first answer the round also waits for within the grace
   */
  private Set<String> awaitExpected() throws InterruptedException {
    Set<String> waited = expected;
    if (waited.isEmpty()) {
      return waited;
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
    return waited;
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
      List<BoundPort> old;
      synchronized (membersLock) {
        old = new ArrayList<>(boundPorts);
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
        boundPorts.removeAll(old);
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
        boundPorts.forEach(l -> closeQuietly(l.server()));
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
      boundPorts.forEach(l -> closeQuietly(l.server()));
      boundPorts.clear();
      sessions = new ArrayList<>(members.values());
      membersLock.notifyAll();
    }
    hellos.close();
    handshakes.shutdownNow();
    sessions.forEach(s -> s.close("the leader is closing"));
    WriterLock lock = writerLock;
    if (lock != null) {
      lock.release(); // after a report being written, if any: see WriterLock.runIfHolding
    }
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
