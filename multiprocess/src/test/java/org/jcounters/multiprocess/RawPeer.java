package org.jcounters.multiprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** A hand-driven peer for tests that speak (or break) the protocol at the leader's port, over loopback only. */
final class RawPeer implements AutoCloseable {
  static final MessageCodec CODEC = new MessageCodec(4 << 20);
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  final long openedNanos = System.nanoTime();

  RawPeer(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  void send(Message message) throws IOException {
    send(frame(message));
  }

  static byte[] frame(Message message) {
    try {
      return FrameCodec.encode(CODEC.encode(message));
    } catch (CounterValueJson.LimitExceededException e) {
      throw new UncheckedIOException(e); // tests frame only values within the protocol's limits
    }
  }

  Message receive(long timeoutMillis) throws IOException {
    return CODEC.decode(FrameCodec.read(socket, in, 4 << 20, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
  }

  /**
   * Reads and discards until the leader closes the connection or {@code deadlineNanos} passes.
   *
   * @return true if the leader closed it (end of stream or reset) before the deadline
   */
  boolean closedByPeerBefore(long deadlineNanos) throws IOException {
    byte[] sink = new byte[8192];
    while (true) {
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (remaining <= 0) {
        return false;
      }
      socket.setSoTimeout((int) remaining);
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true; // reset: the leader closed with our bytes unread, which is closing too
      }
    }
  }

  /** The handshake of an honest node that knows {@code secret}; returns the welcome. */
  Message.Welcome join(String nodeId, SharedSecret secret) throws IOException {
    byte[] nodeNonce = SharedSecret.nonce();
    send(new Message.Hello(nodeId, nodeNonce, false));
    Message answer = receive(3000);
    if (answer instanceof Message.Challenge challenge) {
      send(new Message.Auth(secret.nodeProof(challenge.nonce(), nodeNonce, nodeId)));
      answer = receive(3000);
    }
    if (!(answer instanceof Message.Welcome welcome)) {
      throw new IOException("not welcomed: " + answer);
    }
    return welcome;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // test cleanup
    }
  }
}
