package org.jcounters.multiprocess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, on one selector thread, for the first frame (the {@code hello}) of every new connection to a
 * leader, and hands each complete one on. Unauthenticated connections therefore cost no thread while
 * they are silent: thousands of them cost a descriptor and ~100 bytes each, are closed when their
 * {@linkplain CollectionConfig#handshakeTimeout() handshake timeout} passes, and never delay the
 * hello of a legitimate node, which is read as soon as it arrives.
 *
 * <p>At most {@value #MAX_PENDING} connections wait at once; beyond that the oldest is closed, the one
 * most likely to be silent (an honest node sends its hello right after connecting).
 *
 * <p>The frame header is checked as it arrives (magic, version, flags, a length of at most
 * {@link FrameCodec#HANDSHAKE_MAX_BODY}), exactly the bytes of one frame are read, and nothing is
 * allocated beyond what that length allows. Threads: {@link #add} from the accept thread;
 * {@link #close()} from any thread; everything else on the reader's own daemon thread.
 */
final class HelloReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HelloReader.class);
  /** Bound on connections waiting for their hello; a descriptor each. */
  static final int MAX_PENDING = 4096;
  /** Longest the selector sleeps, so that time-outs are applied at least this often. */
  private static final long MAX_SELECT_MILLIS = 200;

  /** What to do with a connection whose hello frame arrived, or that must be refused for its version. */
  interface Handler {
    /** A complete first frame; the channel is back in blocking mode. Runs on the reader thread: hand off, do not block. */
    void hello(SocketChannel channel, byte[] body, int level, long deadlineNanos);

    /** The peer speaks another protocol version; the channel is back in blocking mode. Same rules. */
    void versionMismatch(SocketChannel channel, ProtocolException.VersionMismatch mismatch, int level);
  }

  private static final class Pending {
    final SocketChannel channel;
    final int level;
    final long deadlineNanos;
    final ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_BYTES);
    ByteBuffer body;
    SelectionKey key;
    ProtocolException.VersionMismatch mismatch;
    boolean done;

    Pending(SocketChannel channel, int level, long deadlineNanos) {
      this.channel = channel;
      this.level = level;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final Selector selector;
  private final Handler handler;
  private final long timeoutNanos;
  private final RateLimitedLog refusals;
  private final Queue<Pending> added = new ConcurrentLinkedQueue<>();
  /** In arrival order, which is deadline order: every connection gets the same timeout. Reader thread only. */
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  /** Completed during one pass over the ready keys; reader thread only. */
  private final List<Pending> complete = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  HelloReader(String name, long timeoutNanos, Handler handler, RateLimitedLog refusals) throws IOException {
    this.selector = Selector.open();
    this.handler = handler;
    this.timeoutNanos = timeoutNanos;
    this.refusals = refusals;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Takes over {@code channel}, just accepted on the address at {@code level}. */
  void add(SocketChannel channel, int level) {
    if (closed) {
      closeQuietly(channel);
      return;
    }
    added.add(new Pending(channel, level, System.nanoTime() + timeoutNanos));
    selector.wakeup();
  }

  private void run() {
    try {
      while (!closed) {
        long now = System.nanoTime();
        expire(now);
        Pending first = waiting.peekFirst();
        long sleepMillis = first == null ? MAX_SELECT_MILLIS
            : Math.max(1, Math.min(MAX_SELECT_MILLIS, TimeUnit.NANOSECONDS.toMillis(first.deadlineNanos - now) + 1));
        selector.select(sleepMillis);
        register();
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          Pending p = (Pending) key.attachment();
          if (read(p)) {
            complete.add(p);
          }
        }
        handOff();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        LOG.error("the hello reader stopped: {}", e.toString());
      }
    } finally {
      waiting.forEach(p -> closeQuietly(p.channel));
      for (Pending p; (p = added.poll()) != null; ) {
        closeQuietly(p.channel);
      }
    }
  }

  private void register() {
    for (Pending p; (p = added.poll()) != null; ) {
      try {
        p.channel.configureBlocking(false);
        p.key = p.channel.register(selector, SelectionKey.OP_READ, p);
        waiting.addLast(p);
      } catch (IOException | RuntimeException e) {
        closeQuietly(p.channel);
        continue;
      }
      while (waiting.size() > MAX_PENDING) {
        Pending oldest = waiting.pollFirst();
        if (!oldest.done) {
          refusals.warn("closing {}: more than {} connections are waiting for their hello", peer(oldest.channel), MAX_PENDING);
          done(oldest, true);
        }
      }
    }
  }

  /** Closes what has waited past its deadline; the queue is in deadline order. */
  private void expire(long now) {
    while (!waiting.isEmpty()) {
      Pending head = waiting.peekFirst();
      if (!head.done && head.deadlineNanos - now > 0) {
        return;
      }
      waiting.pollFirst();
      if (!head.done) {
        refusals.warn("closing {}: no hello within {} ms", peer(head.channel), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        done(head, true);
      }
    }
  }

  /** Reads what arrived; true once the frame is complete (or its version is another), for {@link #handOff}. */
  private boolean read(Pending p) {
    try {
      if (p.body == null) {
        if (p.channel.read(p.header) < 0) {
          done(p, true); // closed before a frame: a port scanner or a health check, not worth a line
          return false;
        }
        if (p.header.hasRemaining()) {
          return false;
        }
        p.header.flip();
        p.body = ByteBuffer.allocate(FrameCodec.checkHeader(p.header, FrameCodec.HANDSHAKE_MAX_BODY));
      }
      if (p.body.hasRemaining() && p.channel.read(p.body) < 0) {
        throw new ProtocolException("truncated frame: connection closed after " + p.body.position() + " of "
            + p.body.capacity() + " body bytes");
      }
      if (p.body.hasRemaining()) {
        return false;
      }
      done(p, false);
      return true;
    } catch (ProtocolException.VersionMismatch e) {
      p.mismatch = e;
      done(p, false);
      return true;
    } catch (IOException | RuntimeException e) {
      refusals.warn("closing connection from {}: {}", peer(p.channel), Connection.describe(e));
      done(p, true);
      return false;
    }
  }

  /** Takes {@code p} off the selector, closing it unless it goes to the handler. */
  private void done(Pending p, boolean close) {
    p.done = true;
    if (p.key != null) {
      p.key.cancel();
    }
    if (close) {
      closeQuietly(p.channel);
    }
  }

  /** Returns the complete connections to blocking mode and gives them to the handler. */
  private void handOff() throws IOException {
    if (complete.isEmpty()) {
      return;
    }
    selector.selectNow(); // completes the cancellations, which configureBlocking(true) requires
    for (Pending p : complete) {
      try {
        p.channel.configureBlocking(true);
      } catch (IOException | RuntimeException e) {
        closeQuietly(p.channel);
        continue;
      }
      if (p.mismatch != null) {
        handler.versionMismatch(p.channel, p.mismatch, p.level);
      } else {
        handler.hello(p.channel, p.body.array(), p.level, p.deadlineNanos);
      }
    }
    complete.clear();
  }

  private static String peer(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(closed)";
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // releasing is best effort
    }
  }

  /** Stops reading and closes every waiting connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      selector.close();
    } catch (IOException e) {
      // best effort
    }
  }
}
