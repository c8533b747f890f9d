package org.jcounters.multiprocess;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.Report;
import org.jcounters.core.ReportSource;
import org.jcounters.core.SnapshotSource;
import org.jcounters.reporters.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-process collection, PyCounters' {@code configure_multi_process_collection}: several processes
 * elect a leader over TCP, and the leader's report merges every process's counters.
 *
 * <p>Hand it to the reporting schedule in place of the process's own source: on the leader,
 * {@link #collect()} asks every connected node (and this process) for its values and returns the
 * merged {@link Report} with {@code nodeReports}; on every other process it returns {@code null}, so
 * they write nothing.
 *
 * <pre>{@code
 * MultiProcessCollection collection = MultiProcessCollection.configure(engine,   // the process's SnapshotSource
 *     CollectionConfig.builder().build());                                       // 127.0.0.1:60907, then :60906
 * ReportingController reporting = new ReportingController(collection);           // or global().useSource(collection)
 * reporting.register(collection.fenced(new JsonFileReporter(Path.of("/tmp/server.counters.json"))));
 * reporting.start(Duration.ofMinutes(5));                                        // only the leader writes the file
 * ...
 * reporting.close();
 * collection.close();
 * }</pre>
 *
 * <p><b>Guarantees.</b> One writer at a time: a leader returns reports only while it holds the
 * group's {@link WriterLock} (an exclusive lock on {@link CollectionConfig#lockFile()}, released by the
 * operating system if the process dies), each carrying the lock's election epoch, and a reporter
 * registered through {@link #fenced} writes a report only while its epoch's lock is held, so reports
 * of a lower epoch are never written after one of a higher epoch, whatever the network does.
 * A report covers exactly the nodes listed in its {@code nodeReports}, each with a complete snapshot
 * (a node joining mid-round appears in the next round, never half in this one); a node late for a
 * round appears with the values it sent last, listed in {@code staleNodes}.
 * When the leader goes, its nodes re-elect; since snapshots are cumulative, everything they counted
 * appears in the new leader's next report, which waits (up to {@link CollectionConfig#rejoinGrace()})
 * for the nodes of the previous leader. A leader on a fall-back address moves to the preferred one
 * when it frees up, taking its nodes along, or steps down if a leader already holds it (role AUTO).
 *
 * <p><b>Threads.</b> One coordinator thread runs elections and reacts to connection events; a leader
 * adds an accept thread, a small handshake pool and one thread per node; a node adds one reader
 * thread. All are daemons. {@link #collect()} may be called from any thread (rounds are serialized);
 * it blocks for at most the I/O timeout, plus the rejoin grace on the first round after an election.
 */
public final class MultiProcessCollection implements ReportSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessCollection.class);
  /** Pause between failed re-elections once the timeout has passed: keep trying, quietly. */
  private static final long REELECT_PAUSE_MILLIS = 1000;

  private final CollectionConfig config;
  private final SnapshotSource source;
  private final NodeId nodeId;
  private final MessageCodec codec;
  private final SharedSecret secret;
  private final Election election;
  private final ScheduledExecutorService coordinator;
  private final NodeClient.Coordinator clientCoordinator = new ClientCoordinator();

  // Written on the coordinator thread (and by close()), read anywhere.
  private volatile CollectionStatus.State state = CollectionStatus.State.ELECTING;
  private volatile LeaderServer leader;
  private volatile NodeClient client;
  private volatile boolean closed;
  private volatile long lastElectionMillis = -1;

  private MultiProcessCollection(SnapshotSource source, CollectionConfig config) {
    this.config = config;
    this.source = source;
    this.nodeId = NodeId.next(config.host());
    this.codec = new MessageCodec(config.maxFrameBytes());
    this.secret = config.hasSecret() ? new SharedSecret(config.secret()) : null;
    this.election = new Election(config, nodeId.toString(), codec, secret);
    this.coordinator = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jcounters-collection-" + nodeId.sequence());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts this process's part in the collection and runs the first election: returns once this
   * process leads or has joined a leader.
   *
   * @param source this process's counters
   * @param config the group's settings, the same addresses and secret on every process
   * @return the running collection; close it to leave the group
   * @throws ElectionException if no leader was elected within {@link CollectionConfig#timeout()};
   *     the message names each address and why it failed
   * @throws InterruptedException if interrupted while electing
   */
  public static MultiProcessCollection configure(SnapshotSource source, CollectionConfig config)
      throws ElectionException, InterruptedException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(config, "config");
    MultiProcessCollection collection = new MultiProcessCollection(source, config);
    Future<?> first = collection.coordinator.submit(() -> {
      collection.elect(Set.of());
      return null;
    });
    try {
      first.get();
      return collection;
    } catch (ExecutionException e) {
      collection.close();
      if (e.getCause() instanceof ElectionException election) {
        throw election;
      }
      throw new IllegalStateException("election failed", e.getCause());
    } catch (InterruptedException e) {
      collection.close();
      throw e;
    }
  }

  /**
   * On the leader, the merged report of this round; elsewhere {@code null}.
   *
   * @return the report, or {@code null} if this process is not the leader (or stopped being it)
   */
  @Override
  public Report collect() throws InterruptedException {
    LeaderServer current = leader;
    if (closed || state != CollectionStatus.State.LEADER || current == null) {
      return null;
    }
    return current.collect();
  }

  /**
   * {@code reporter}, writing only while this process holds the writer lock under the epoch of the
   * report it is given: register file and exporter reporters this way, so that a leader that was
   * replaced (stopped, cut off, stepping down) never writes after its successor.
   *
   * <pre>{@code
   * reporting.register(collection.fenced(new JsonFileReporter(path)));
   * }</pre>
   *
   * @param reporter the reporter to guard
   * @return a reporter passing a report on to {@code reporter} only while this process holds the
   *     writer lock under that report's epoch, dropping (and logging) it otherwise
   * @throws NullPointerException if {@code reporter} is null
   */
  public Reporter fenced(Reporter reporter) {
    Objects.requireNonNull(reporter, "reporter");
    return new FencedReporter(reporter, () -> {
      LeaderServer l = leader;
      return l == null ? null : l.writerLock();
    });
  }

  /** {@return this process's node id, its key in the leader's {@code nodeReports}} */
  public NodeId nodeId() {
    return nodeId;
  }

  /** {@return what this process is doing now: electing, leading, a node, or closed} A fresh, immutable status. */
  public CollectionStatus status() {
    // state is written by the coordinator, which may finish an election just after close(): closed wins
    CollectionStatus.State s = closed ? CollectionStatus.State.CLOSED : state;
    LeaderServer l = leader;
    NodeClient c = client;
    if (s == CollectionStatus.State.LEADER && l != null) {
      WriterLock lock = l.writerLock();
      return new CollectionStatus(s, nodeId, l.level(), nodeId.toString(), l.nodeCount(), lastElectionMillis,
          lock == null ? 0 : lock.epoch());
    }
    if (s == CollectionStatus.State.NODE && c != null) {
      return new CollectionStatus(s, nodeId, c.level(), c.leaderId(), 0, lastElectionMillis, 0);
    }
    return new CollectionStatus(s == CollectionStatus.State.CLOSED ? s : CollectionStatus.State.ELECTING, nodeId, -1, null, 0,
        lastElectionMillis, 0);
  }

  /** Leaves the collection: a leader's nodes re-elect among themselves. Idempotent. */
  @Override
  public void close() {
    closed = true;
    state = CollectionStatus.State.CLOSED;
    coordinator.shutdownNow();
    release();
    try {
      // an election finishing right now may still assign a leader or client: release that too
      if (!coordinator.awaitTermination(config.connectTimeout().plus(config.ioTimeout()).toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("collection coordinator did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release();
  }

  private void release() {
    LeaderServer l = leader;
    if (l != null) {
      l.close();
    }
    NodeClient c = client;
    if (c != null) {
      c.close();
    }
  }

  // ---- coordinator thread ----

  /** Runs an election and takes on its outcome. */
  private void elect(Set<String> expected) throws ElectionException, InterruptedException {
    state = CollectionStatus.State.ELECTING;
    long start = System.nanoTime();
    Election.Outcome outcome = election.run(() -> closed);
    lastElectionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (outcome instanceof Election.Outcome.Lead lead) {
      lead(lead.server(), lead.level(), expected);
    } else if (outcome instanceof Election.Outcome.Joined joined) {
      follow(joined.client());
    }
  }

  /** Re-elects after losing a leader; past the timeout, logs and keeps trying (there is no caller to fail). */
  private void reelect(Set<String> expected) {
    if (closed) {
      return;
    }
    try {
      elect(expected);
    } catch (ElectionException e) {
      LOG.error("{}; still trying", e.getMessage());
      schedule(() -> reelect(expected), REELECT_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      // closing
    }
  }

  private void lead(ServerSocket server, int level, Set<String> expected) {
    LeaderServer l;
    try {
      l = new LeaderServer(config, nodeId, source, codec, secret, expected, better -> execute(() -> betterLeaderHolds(better)));
    } catch (IOException e) {
      LOG.error("cannot start leading on level {}: {}; re-electing", level, e.toString());
      closeQuietly(server);
      schedule(() -> reelect(expected), REELECT_PAUSE_MILLIS);
      return;
    }
    l.listen(server, level);
    leader = l;
    client = null;
    state = CollectionStatus.State.LEADER;
    if (closed) {
      l.close();
      return;
    }
    l.holdsWriterLock(); // now rather than at the first round: learn at once whether another leader writes
    if (level > 0) {
      schedule(() -> tryBetterAddress(l), config.preferredRetryInterval().toMillis());
    }
  }

  /** The writer lock's holder leads on the better address {@code better}: step down to it. */
  private void betterLeaderHolds(int better) {
    LeaderServer l = leader;
    if (closed || l == null || l.level() <= better || l.writerLock() != null) {
      return;
    }
    try {
      stepDown(l, better);
    } catch (InterruptedException e) {
      // closing
    }
  }

  private static void closeQuietly(ServerSocket server) {
    try {
      server.close();
    } catch (IOException e) {
      // best effort
    }
  }

  private void follow(NodeClient c) {
    client = c;
    leader = null;
    state = CollectionStatus.State.NODE;
    if (closed) {
      c.close();
      return;
    }
    c.start(source, clientCoordinator);
  }

  /** A leader on a fall-back address: step down to a better-placed leader, or move to a better free address. */
  private void tryBetterAddress(LeaderServer l) {
    if (closed || leader != l || l.level() <= 0) {
      return;
    }
    try {
      for (int better = 0; better < l.level(); better++) {
        if (config.role() == Role.AUTO && election.leaderAnswers(better)) {
          stepDown(l, better);
          return;
        }
        ServerSocket server = election.tryBind(better, new String[config.addresses().size()]);
        if (server != null) {
          if (!l.moveTo(server, better)) {
            server.close();
          }
          break;
        }
      }
    } catch (InterruptedException e) {
      return;
    } catch (IOException | RuntimeException e) {
      LOG.warn("trying a better address failed", e);
    }
    if (!closed && leader == l && l.level() > 0) {
      schedule(() -> tryBetterAddress(l), config.preferredRetryInterval().toMillis());
    }
  }

  private void stepDown(LeaderServer l, int better) throws InterruptedException {
    LOG.info("stepping down: a leader holds the better address {} (level {})", config.addresses().get(better), better);
    state = CollectionStatus.State.ELECTING;
    leader = null;
    l.handOver(better);
    try {
      follow(NodeClient.join(config, better, nodeId.toString(), codec, secret));
    } catch (IOException e) {
      LOG.warn("could not join the better-placed leader: {}; re-electing", Connection.describe(e));
      reelect(Set.of());
    }
  }

  private void onLeaderLost(NodeClient lost, String reason) {
    if (closed || lost != client) {
      return;
    }
    LOG.warn("lost leader {}: {}; re-electing", lost.leaderId(), reason);
    client = null;
    reelect(survivors(lost));
  }

  private void onReconnect(NodeClient old, int level) {
    if (closed || old != client) {
      old.close();
      return;
    }
    try {
      NodeClient moved = NodeClient.join(config, level, nodeId.toString(), codec, secret);
      follow(moved);
      LOG.info("followed leader {} to {} (level {})", moved.leaderId(), config.addresses().get(level), level);
    } catch (IOException e) {
      LOG.warn("could not reconnect at level {}: {}; re-electing", level, Connection.describe(e));
      client = null;
      reelect(survivors(old));
    } finally {
      old.close();
    }
  }

  /** The nodes a new leader should wait for: the old leader's last roster, minus the old leader and this process. */
  private Set<String> survivors(NodeClient lost) {
    Set<String> expected = new HashSet<>(lost.roster());
    expected.remove(lost.leaderId());
    expected.remove(nodeId.toString());
    return expected;
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      coordinator.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void execute(Runnable task) {
    try {
      coordinator.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private final class ClientCoordinator implements NodeClient.Coordinator {
    @Override
    public void leaderLost(NodeClient c, String reason) {
      execute(() -> onLeaderLost(c, reason));
    }

    @Override
    public void reconnectRequested(NodeClient c, int level) {
      execute(() -> onReconnect(c, level));
    }
  }
}
