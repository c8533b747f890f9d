package org.jcounters.multiprocess;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One TCP connection speaking frames of {@link Message}s. Reads are bounded by a deadline and a body
 * limit given per call (the handshake gets a few KiB, an authenticated session the configured frame
 * size). Sends are serialized; {@link #close()} may be called from any thread and unblocks a reader.
 */
final class Connection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final MessageCodec codec;
  private final int maxFrameBytes;
  private final String peer;

  Connection(Socket socket, MessageCodec codec, int maxFrameBytes) throws IOException {
    this.socket = socket;
    this.codec = codec;
    this.maxFrameBytes = maxFrameBytes;
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.peer = String.valueOf(socket.getRemoteSocketAddress());
  }

  /** The peer's address, for logs. */
  String peer() {
    return peer;
  }

  /**
   * Writes one message.
   *
   * @throws FrameTooLargeException if the encoded message exceeds the frame limit; nothing was written
   * @throws CounterValueJson.LimitExceededException if a counter value is beyond the protocol's limits; nothing was written
   */
  void send(Message message) throws IOException {
    byte[] body = codec.encode(message);
    if (body.length > maxFrameBytes) {
      throw new FrameTooLargeException(body.length, maxFrameBytes);
    }
    byte[] frame = FrameCodec.encode(body);
    synchronized (out) {
      out.write(frame);
      out.flush();
    }
  }

  /** Reads one message whose body is at most {@code maxBody} bytes, all of it within {@code timeout}. */
  Message receive(int maxBody, Duration timeout) throws IOException {
    return receive(maxBody, System.nanoTime() + timeout.toNanos());
  }

  /** Reads one message whose body is at most {@code maxBody} bytes, all of it before {@code deadlineNanos}. */
  Message receive(int maxBody, long deadlineNanos) throws IOException {
    return codec.decode(FrameCodec.read(socket, in, maxBody, deadlineNanos));
  }

  /** Reads one message in an authenticated session: the configured frame limit applies. */
  Message receive(Duration timeout) throws IOException {
    return receive(maxFrameBytes, timeout);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort: the descriptor is released either way
    }
  }

  /** A short, log-ready reason for a failed exchange. */
  static String describe(Throwable e) {
    if (e instanceof EOFException) {
      return "peer closed the connection";
    }
    if (e instanceof SocketTimeoutException) {
      return "peer silent: " + e.getMessage();
    }
    if (e instanceof ProtocolException || e instanceof FrameTooLargeException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** The protocol name of a message ({@code "collect_failed"}), for logs. */
  static String typeOf(Message message) {
    return message == null ? "nothing" : TYPE_NAMES.getOrDefault(message.getClass(), message.getClass().getSimpleName());
  }

  /** Protocol names by record, read from the one place that defines them: {@link Message}'s subtype list. */
  private static final Map<Class<?>, String> TYPE_NAMES = Arrays.stream(Message.class.getAnnotation(JsonSubTypes.class).value())
      .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

  /** A message this side wanted to send is larger than a frame may be. */
  static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    FrameTooLargeException(int size, int limit) {
      super("message of " + size + " bytes exceeds the frame limit of " + limit + " (raise maxFrameBytes on every process)");
    }
  }
}
