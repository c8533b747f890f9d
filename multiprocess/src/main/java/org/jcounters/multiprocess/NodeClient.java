package org.jcounters.multiprocess;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.EventNames;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of one connection to a leader: the handshake, then a reader thread that answers the
 * leader's collect and ping requests with this process's snapshot, until the connection ends.
 *
 * <p>A node never decides anything itself: when the leader goes (end of stream, a protocol error,
 * three heartbeat intervals of silence) or orders a reconnect, the reader tells its {@link Coordinator}
 * and stops. The coordinator (the collection) re-runs the election or reconnects. Nothing a
 * node counted is lost on the way: its snapshots are cumulative, so they reappear whole in the next
 * leader's next round.
 *
 * <p>Threads: {@link #join} and {@link #probe} run on the caller; {@link #start} starts one daemon
 * reader thread; {@link #close()} may be called from any thread.
 */
final class NodeClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeClient.class);
  private static final RateLimitedLog OVER_LONG = new RateLimitedLog(LOG, 5, TimeUnit.MINUTES.toNanos(1));

  /** Told, on the reader thread, how the connection ended. Called at most once per client. */
  interface Coordinator {
    void leaderLost(NodeClient client, String reason);

    void reconnectRequested(NodeClient client, int level);
  }

  private final Connection connection;
  private final CollectionConfig config;
  private final int level;
  private final String leaderId;
  private volatile List<String> roster = List.of();
  private volatile boolean closed;

  private NodeClient(Connection connection, CollectionConfig config, int level, String leaderId) {
    this.connection = connection;
    this.config = config;
    this.level = level;
    this.leaderId = leaderId;
  }

  /**
   * Connects to the address at {@code level} and joins the leader there.
   *
   * @throws ConnectException if nobody listens there
   * @throws SocketTimeoutException if something listens but does not answer like a leader in time
   * @throws JoinRefusedException if a leader answered but refused this node (the message says why)
   * @throws IOException if the peer broke the protocol (not a JCounters leader, or another version)
   */
  static NodeClient join(CollectionConfig config, int level, String nodeId, MessageCodec codec, SharedSecret secret)
      throws IOException {
    Connection connection = connect(config, level, codec);
    try {
      Message.Welcome welcome = handshake(connection, config, level, nodeId, secret, false);
      return new NodeClient(connection, config, level, welcome.leaderId());
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Asks whether a leader answers at {@code level}, authenticating it when a secret is configured,
   * without joining it.
   *
   * @return the leader's node id
   * @throws IOException if no leader answered properly
   */
  static String probe(CollectionConfig config, int level, String nodeId, MessageCodec codec, SharedSecret secret)
      throws IOException {
    try (Connection connection = connect(config, level, codec)) {
      return handshake(connection, config, level, nodeId, secret, true).leaderId();
    }
  }

  private static Connection connect(CollectionConfig config, int level, MessageCodec codec) throws IOException {
    InetSocketAddress address = config.addresses().get(level);
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) config.connectTimeout().toMillis());
      return new Connection(socket, codec, config.maxFrameBytes());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Message.Welcome handshake(Connection connection, CollectionConfig config, int level, String nodeId,
      SharedSecret secret, boolean probe) throws IOException {
    byte[] nodeNonce = SharedSecret.nonce();
    connection.send(new Message.Hello(nodeId, nodeNonce, probe));
    // The first answer gets only the connect timeout: a stranger holding the port accepts the
    // connection and then says nothing, and an election must move on to the next address.
    Message answer = connection.receive(FrameCodec.HANDSHAKE_MAX_BODY, config.connectTimeout());
    byte[] leaderNonce = null;
    if (answer instanceof Message.Challenge challenge) {
      if (secret == null) {
        throw new JoinRefusedException("the leader requires a shared secret and none is configured on this process");
      }
      leaderNonce = challenge.nonce();
      connection.send(new Message.Auth(secret.nodeProof(leaderNonce, nodeNonce, nodeId)));
      answer = connection.receive(FrameCodec.HANDSHAKE_MAX_BODY, config.ioTimeout());
    }
    if (answer instanceof Message.Reject reject) {
      throw new JoinRefusedException("the leader refused this node: " + reject.reason());
    }
    if (!(answer instanceof Message.Welcome welcome)) {
      throw new ProtocolException("expected welcome from the leader, got " + Connection.typeOf(answer));
    }
    if (secret != null) {
      if (leaderNonce == null) {
        throw new JoinRefusedException("the leader did not ask for the shared secret configured on this process");
      }
      if (!SharedSecret.matches(secret.leaderProof(leaderNonce, nodeNonce, nodeId), welcome.mac())) {
        throw new JoinRefusedException("the leader's proof of the shared secret is wrong: it has another secret");
      }
    }
    if (welcome.level() != level) {
      LOG.warn("leader {} at {} says it holds level {}: are the address lists the same on every process?",
          welcome.leaderId(), connection.peer(), welcome.level());
    }
    return welcome;
  }

  /** Starts answering the leader with snapshots of {@code source}; events go to {@code coordinator}. */
  void start(SnapshotSource source, Coordinator coordinator) {
    Thread reader = new Thread(() -> serve(source, coordinator), "jcounters-node-to-" + leaderId);
    reader.setDaemon(true);
    reader.start();
  }

  /** Index of the address this client is connected to. */
  int level() {
    return level;
  }

  String leaderId() {
    return leaderId;
  }

  /** The node ids the leader last collected from (itself included), or empty before the first round. */
  List<String> roster() {
    return roster;
  }

  private void serve(SnapshotSource source, Coordinator coordinator) {
    // The leader sends something at least every heartbeat interval; three missed ones mean it is gone.
    Duration silence = config.heartbeatInterval().multipliedBy(3);
    try {
      while (!closed) {
        Message message = connection.receive(silence);
        if (message instanceof Message.Collect collect) {
          roster = collect.roster();
          answer(collect.round(), source);
        } else if (message instanceof Message.Ping ping) {
          connection.send(new Message.Pong(ping.seq()));
        } else if (message instanceof Message.Reconnect reconnect) {
          if (reconnect.level() >= config.addresses().size()) {
            throw new ProtocolException("reconnect to level " + reconnect.level() + " but only "
                + config.addresses().size() + " addresses are configured");
          }
          coordinator.reconnectRequested(this, reconnect.level());
          return;
        } else {
          throw new ProtocolException("unexpected " + Connection.typeOf(message) + " from the leader");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        close();
        coordinator.leaderLost(this, Connection.describe(e));
      }
    }
  }

  private void answer(long round, SnapshotSource source) throws IOException {
    Message reply;
    try {
      Snapshot snapshot = source.snapshot();
      reply = new Message.Values(round, carriable(snapshot.values()), snapshot.droppedEvents(), snapshot.epochMillis());
    } catch (RuntimeException e) {
      LOG.error("snapshot for the leader's round {} failed", round, e);
      reply = new Message.CollectFailed(round, abbreviate("snapshot failed: " + e));
    }
    try {
      connection.send(reply);
    } catch (Connection.FrameTooLargeException | CounterValueJson.LimitExceededException e) {
      String reason = e instanceof CounterValueJson.LimitExceededException limit ? limit.getOriginalMessage() : e.getMessage();
      LOG.error("cannot send this node's values to the leader: {}", reason);
      connection.send(new Message.CollectFailed(round, abbreviate(reason)));
    }
  }

  /**
   * The values without any whose name is beyond core's limit. Counters and events refuse such names
   * when they are made; a source built by other means could still hold one, and sending it would make
   * the leader refuse the whole message, costing this node all its other counters.
   */
  private static Map<String, CounterValue> carriable(Map<String, CounterValue> values) {
    Map<String, CounterValue> out = null;
    for (String name : values.keySet()) {
      if (name.length() > EventNames.MAX_NAME_CHARS) {
        if (out == null) {
          out = new HashMap<>(values);
        }
        out.remove(name);
        OVER_LONG.warn("not sending counter '{}...': its name has {} chars, the limit is {}", name.substring(0, 40), name.length(),
            EventNames.MAX_NAME_CHARS);
      }
    }
    return out == null ? values : out;
  }

  private static String abbreviate(String s) {
    return s.length() <= Message.MAX_REASON_CHARS ? s : s.substring(0, Message.MAX_REASON_CHARS);
  }

  @Override
  public void close() {
    closed = true;
    connection.close();
  }
}
