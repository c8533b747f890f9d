package org.jcounters.multiprocess;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of one authenticated node: one daemon thread that owns the connection and runs
 * strict request/answer exchanges with the node, one at a time, each bounded by the I/O timeout.
 *
 * <p>Requests (a round's {@code collect}, a {@code reconnect}) are queued by other threads and answered
 * through futures. When the queue stays empty for a heartbeat interval the thread pings the node, so a
 * dead node is noticed between rounds and the node hears from its leader at least that often.
 *
 * <p>Any failure (end of stream, protocol error, a late or wrong answer) closes this session only:
 * pending futures fail, the {@code onClosed} callback runs once, and the node re-elects on its side.
 */
final class NodeSession {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
  /** A round and a redirect at most are ever pending; the bound is a guard, not a tuning knob. */
  private static final int MAX_PENDING = 8;

  private record Pending(Message request, CompletableFuture<Message> reply) {}

  private final String nodeId;
  private final Connection connection;
  private final int level;
  private final CollectionConfig config;
  private final Consumer<NodeSession> onClosed;
  private final RateLimitedLog refusals;
  private final BlockingQueue<Pending> requests = new ArrayBlockingQueue<>(MAX_PENDING);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private long pingSeq;

  NodeSession(String nodeId, Connection connection, int level, CollectionConfig config, Consumer<NodeSession> onClosed,
      RateLimitedLog refusals) {
    this.nodeId = nodeId;
    this.connection = connection;
    this.level = level;
    this.config = config;
    this.onClosed = onClosed;
    this.refusals = refusals;
    this.thread = new Thread(this::run, "jcounters-session-" + nodeId);
    this.thread.setDaemon(true);
  }

  String nodeId() {
    return nodeId;
  }

  /** Index of the address the node connected to. */
  int level() {
    return level;
  }

  void start() {
    thread.start();
  }

  /** Asks the node for its values; the future holds a {@link Message.Values} or {@link Message.CollectFailed}. */
  CompletableFuture<Message> collect(Message.Collect request) {
    return enqueue(request);
  }

  /** Tells the node to reconnect at {@code level}, then waits for it to leave and closes. */
  void redirect(int level) {
    enqueue(new Message.Reconnect(level));
  }

  private CompletableFuture<Message> enqueue(Message request) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    if (closed.get() || !requests.offer(new Pending(request, reply))) {
      reply.completeExceptionally(new IOException("session with " + nodeId + " is closed or busy"));
    } else if (closed.get()) {
      // closed between the check and the offer: the closing thread may have drained already
      failPending();
    }
    return reply;
  }

  private void run() {
    String reason = "closed";
    boolean abnormal = false;
    try {
      while (!closed.get()) {
        Pending pending = requests.poll(config.heartbeatInterval().toNanos(), TimeUnit.NANOSECONDS);
        if (closed.get()) {
          if (pending != null) {
            pending.reply().completeExceptionally(new IOException("session closed"));
          }
          break;
        }
        if (pending == null) {
          ping();
        } else if (pending.request() instanceof Message.Reconnect) {
          connection.send(pending.request());
          pending.reply().complete(null);
          awaitDeparture();
          reason = "redirected";
          return;
        } else {
          exchange(pending);
        }
      }
    } catch (InterruptedException e) {
      reason = "interrupted";
    } catch (IOException | RuntimeException e) {
      reason = Connection.describe(e);
      abnormal = !closed.get();
    } finally {
      if (abnormal) {
        refusals.warn("closing session with node {} at {}: {}", nodeId, connection.peer(), reason);
      }
      close(reason);
    }
  }

  private void exchange(Pending pending) throws IOException {
    Message.Collect request = (Message.Collect) pending.request();
    try {
      connection.send(request);
      Message answer = connection.receive(config.ioTimeout());
      long round = answer instanceof Message.Values values ? values.round()
          : answer instanceof Message.CollectFailed failed ? failed.round() : -1;
      if (round != request.round()) {
        throw new ProtocolException("expected values for round " + request.round() + ", got " + Connection.typeOf(answer)
            + (round >= 0 ? " for round " + round : ""));
      }
      pending.reply().complete(answer);
    } catch (IOException | RuntimeException e) {
      pending.reply().completeExceptionally(e);
      throw e;
    }
  }

  private void ping() throws IOException {
    long seq = ++pingSeq;
    connection.send(new Message.Ping(seq));
    Message answer = connection.receive(config.ioTimeout());
    if (!(answer instanceof Message.Pong pong) || pong.seq() != seq) {
      throw new ProtocolException("expected pong " + seq + ", got " + Connection.typeOf(answer));
    }
  }

  /** After a reconnect order the node connects elsewhere and then closes this connection: wait for that, bounded. */
  private void awaitDeparture() {
    try {
      connection.receive(FrameCodec.HANDSHAKE_MAX_BODY, config.connectTimeout().plus(config.ioTimeout()));
    } catch (IOException e) {
      // end of stream is the expected way out; anything else ends the session just the same
    }
  }

  /** Closes the connection and fails what is pending; idempotent, callable from any thread. */
  void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.debug("session with node {} closed: {}", nodeId, reason);
    connection.close();
    if (Thread.currentThread() != thread) {
      thread.interrupt();
    }
    failPending();
    onClosed.accept(this);
  }

  private void failPending() {
    for (Pending pending; (pending = requests.poll()) != null; ) {
      pending.reply().completeExceptionally(new IOException("session with " + nodeId + " closed"));
    }
  }
}
