package org.jcounters.multiprocess;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The frame layer: a fixed 12-byte header followed by a JSON body.
 *
 * <pre>
 *  offset  size  field
 *   0      4     magic   0x4A434E54 ("JCNT"), big-endian
 *   4      2     version 1, unsigned big-endian
 *   6      2     flags   reserved, must be 0
 *   8      4     length  body length in bytes, signed big-endian, 0 &lt;= length &lt;= the reader's limit
 *  12      n     body    UTF-8 JSON of one message
 * </pre>
 *
 * <p>Reading is bounded in both time and memory: every read runs against one deadline for the whole
 * frame (so a peer trickling a byte at a time cannot stretch it), the length is checked against the
 * caller's limit before anything is allocated, and the body buffer grows with the bytes that actually
 * arrive rather than with the length the peer announced. Stateless and thread-safe.
 */
final class FrameCodec {
  static final int MAGIC = 0x4A434E54;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 12;
  /** Handshake messages are a few hundred bytes; an unauthenticated peer gets no more than this. */
  static final int HANDSHAKE_MAX_BODY = 4096;
  /** First body buffer; it doubles as data arrives, up to the announced length. */
  private static final int INITIAL_BODY_BUFFER = 8192;

  private FrameCodec() {}

  /** Header and body in one array, so that one {@code write} puts the frame on the wire. */
  static byte[] encode(byte[] body) {
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + body.length);
    frame.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(body.length).put(body);
    return frame.array();
  }

  /**
   * Reads one frame's body from {@code in}, the input stream of {@code socket}.
   *
   * @param maxBody largest body accepted; a larger announced length fails before any allocation
   * @param deadlineNanos {@link System#nanoTime()} by which the whole frame must have arrived
   * @throws EOFException if the peer closed the connection cleanly between frames
   * @throws SocketTimeoutException if the frame did not arrive complete before the deadline
   * @throws ProtocolException on a bad header or a connection closed in the middle of a frame
   */
  static byte[] read(Socket socket, InputStream in, int maxBody, long deadlineNanos) throws IOException {
    byte[] header = new byte[HEADER_BYTES];
    int got = readUpTo(socket, in, header, 0, HEADER_BYTES, deadlineNanos);
    if (got == 0) {
      throw new EOFException("peer closed the connection");
    }
    if (got < HEADER_BYTES) {
      throw new ProtocolException("truncated frame: connection closed after " + got + " of " + HEADER_BYTES + " header bytes");
    }
    int length = checkHeader(ByteBuffer.wrap(header), maxBody);
    byte[] body = new byte[Math.min(length, INITIAL_BODY_BUFFER)];
    int filled = 0;
    while (filled < length) {
      if (filled == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = readUpTo(socket, in, body, filled, body.length - filled, deadlineNanos);
      if (n == 0) {
        throw new ProtocolException("truncated frame: connection closed after " + filled + " of " + length + " body bytes");
      }
      filled += n;
    }
    return body;
  }

  /**
   * Checks a complete header and returns the body length it announces.
   *
   * @throws ProtocolException.VersionMismatch for a JCounters peer of another version
   * @throws ProtocolException for bad magic, unknown flags, or a length beyond {@code maxBody}
   */
  static int checkHeader(ByteBuffer h, int maxBody) throws ProtocolException {
    int magic = h.getInt();
    if (magic != MAGIC) {
      throw new ProtocolException(String.format("bad magic 0x%08X (expected 0x%08X): not a JCounters peer", magic, MAGIC));
    }
    int version = Short.toUnsignedInt(h.getShort());
    if (version != VERSION) {
      throw new ProtocolException.VersionMismatch(version);
    }
    int flags = Short.toUnsignedInt(h.getShort());
    if (flags != 0) {
      throw new ProtocolException(String.format("unknown frame flags 0x%04X", flags));
    }
    int length = h.getInt();
    if (length < 0 || length > maxBody) {
      throw new ProtocolException("frame body of " + Integer.toUnsignedString(length) + " bytes exceeds the limit of " + maxBody);
    }
    return length;
  }

  /** Reads until {@code len} bytes or end of stream; returns the count read (less than len only at end of stream). */
  private static int readUpTo(Socket socket, InputStream in, byte[] buf, int off, int len, long deadlineNanos) throws IOException {
    int total = 0;
    while (total < len) {
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (remainingMillis <= 0) {
        throw new SocketTimeoutException("no complete frame before the deadline");
      }
      // SO_TIMEOUT bounds a single blocking read; re-arming it with what is left of the deadline
      // turns it into a bound on the whole frame.
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
      int n = in.read(buf, off + total, len - total);
      if (n < 0) {
        return total;
      }
      total += n;
    }
    return total;
  }
}
