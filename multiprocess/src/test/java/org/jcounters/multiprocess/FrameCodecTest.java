package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private ServerSocket server;
  private Socket writer;
  private Socket reader;

  @BeforeEach
  void connect() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    writer = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    reader = server.accept();
  }

  @AfterEach
  void close() throws IOException {
    writer.close();
    reader.close();
    server.close();
  }

  private byte[] read(int maxBody, long timeoutMillis) throws IOException {
    return FrameCodec.read(reader, reader.getInputStream(), maxBody, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  private void send(byte[] bytes) throws IOException {
    OutputStream out = writer.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static byte[] header(int magic, int version, int flags, int length) {
    return ByteBuffer.allocate(FrameCodec.HEADER_BYTES).putInt(magic).putShort((short) version).putShort((short) flags).putInt(length).array();
  }

  @Test
  void shouldRoundTripBodies() throws IOException {
    byte[] body = "{\"type\":\"ping\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
    send(FrameCodec.encode(body));
    send(FrameCodec.encode(new byte[0]));
    byte[] large = new byte[100_000];
    large[99_999] = 7;
    send(FrameCodec.encode(large));
    assertThat(read(1024, 2000)).isEqualTo(body);
    assertThat(read(1024, 2000)).isEmpty();
    assertThat(read(200_000, 2000)).isEqualTo(large);
  }

  @Test
  void shouldWriteTheDocumentedHeader() {
    byte[] frame = FrameCodec.encode(new byte[] {1, 2, 3});
    assertThat(frame).startsWith(0x4A, 0x43, 0x4E, 0x54, 0, 1, 0, 0, 0, 0, 0, 3, 1, 2, 3);
  }

  @Test
  void shouldReportCleanEndOfStreamBetweenFrames() throws IOException {
    writer.close();
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(EOFException.class);
  }

  @Test
  void shouldRefuseBadMagic() throws IOException {
    send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("bad magic");
  }

  @Test
  void shouldRefuseUnknownVersionAndFlags() throws IOException {
    send(header(FrameCodec.MAGIC, 2, 0, 0));
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("protocol version 2");
    send(header(FrameCodec.MAGIC, 1, 1, 0));
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("flags");
  }

  @Test
  void shouldRefuseHugeAndNegativeLengthsBeforeAllocating() throws IOException {
    send(header(FrameCodec.MAGIC, 1, 0, Integer.MAX_VALUE));
    assertThatThrownBy(() -> read(4096, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 4096");
    send(header(FrameCodec.MAGIC, 1, 0, -1));
    assertThatThrownBy(() -> read(4096, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("4294967295");
    send(header(FrameCodec.MAGIC, 1, 0, 4097));
    assertThatThrownBy(() -> read(4096, 2000)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRefuseTruncatedHeaderAndBody() throws IOException {
    send(new byte[] {0x4A, 0x43, 0x4E});
    writer.shutdownOutput();
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
  }

  @Test
  void shouldRefuseTruncatedBody() throws IOException {
    send(header(FrameCodec.MAGIC, 1, 0, 100));
    send(new byte[10]);
    writer.shutdownOutput();
    assertThatThrownBy(() -> read(1024, 2000)).isInstanceOf(ProtocolException.class).hasMessageContaining("10 of 100");
  }

  @Test
  void shouldBoundTheWholeFrameByOneDeadlineEvenForATricklingPeer() throws Exception {
    Thread trickler = new Thread(() -> {
      try {
        byte[] frame = FrameCodec.encode(new byte[64]);
        for (byte b : frame) {
          writer.getOutputStream().write(b);
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        // the reader gave up: expected
      }
    });
    trickler.start();
    long start = System.nanoTime();
    assertThatThrownBy(() -> read(1024, 300)).isInstanceOf(SocketTimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 1500L);
    writer.close();
    trickler.join(5000);
  }
}
