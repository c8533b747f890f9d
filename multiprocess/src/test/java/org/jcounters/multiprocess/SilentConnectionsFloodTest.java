package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 silent TCP connections held against the leader of 16 processes (each one the leader closes is
 * opened again at once) while a 17th process starts: it joins as a node within 5 s and never writes a
 * report, the leader keeps writing exact reports under one epoch, and its RSS stays bounded.
 */
@Timeout(180)
class SilentConnectionsFloodTest {
  private static final int PROCESSES = 16;
  private static final int SILENT_CONNECTIONS = 2000;
  private static final long JOIN_BOUND_MILLIS = 5000;
  private static final long RSS_BOUND_BYTES = 160L << 20;
  @TempDir Path dir;
  private Cluster cluster;
  private Flood flood;

  @AfterEach
  void stop() throws Exception {
    if (flood != null) {
      flood.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldLetANewcomerJoinWithin5SecondsWhile2000SilentConnectionsAreHeld() throws Exception {
    cluster = new Cluster(dir, 2);
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i, cluster.logArg(), "intervalMillis=500");
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 90_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });
    cluster.await("a full report", 90_000, () -> {
      JsonNode last = cluster.lastLoggedReport();
      return last != null && Cluster.verifyExact(last, ids, false).equals(all) ? true : null;
    });
    int leader = cluster.leaderIndex(all);
    long epoch = cluster.status(leader).get("leaderEpoch").asLong();
    assertThat(epoch).isPositive();

    flood = new Flood(cluster.ports[0], SILENT_CONNECTIONS);
    assertThat(flood.opened.await(60, TimeUnit.SECONDS)).as("%d silent connections open", SILENT_CONNECTIONS).isTrue();
    int before = cluster.loggedReports().size();
    long started = System.currentTimeMillis();
    cluster.start(PROCESSES, cluster.logArg(), "intervalMillis=500");
    Set<Integer> withNewcomer = new TreeSet<>(all);
    withNewcomer.add(PROCESSES);
    long joined = cluster.await("the 17th process joined as a node", 30_000, () -> {
      JsonNode s = cluster.status(PROCESSES);
      return s != null && "NODE".equals(s.path("state").asText()) ? System.currentTimeMillis() : null;
    });
    Map<String, Integer> allIds = cluster.nodeIds(withNewcomer);
    cluster.await("a report covering all 17", 15_000, () -> {
      JsonNode last = cluster.lastLoggedReport();
      return last != null && Cluster.verifyExact(last, allIds, false).equals(withNewcomer) ? true : null;
    });
    // a few more seconds under the flood: the leader sheds silent connections, the newcomer stays a node
    long watchUntil = System.currentTimeMillis() + 4000;
    long maxRss = 0;
    while (System.currentTimeMillis() < watchUntil) {
      JsonNode s = cluster.status(PROCESSES);
      assertThat(s.path("state").asText()).as("the newcomer's state").isEqualTo("NODE");
      maxRss = Math.max(maxRss, cluster.status(leader).get("rss").asLong());
      Thread.sleep(100);
    }
    int reopened = flood.reopened.get();
    flood.close();

    assertThat(joined - started).as("join time of the 17th process (ms)").isLessThanOrEqualTo(JOIN_BOUND_MILLIS + 2000);
    long configureMillis = cluster.status(PROCESSES).get("firstElectionMillis").asLong();
    assertThat(configureMillis).as("the 17th process's configure() (ms)").isLessThanOrEqualTo(JOIN_BOUND_MILLIS);
    assertThat(cluster.status(PROCESSES).get("reportsWritten").asLong()).isZero();
    List<JsonNode> reports = cluster.loggedReports();
    for (JsonNode report : reports.subList(before, reports.size())) {
      assertThat(report.get("__leader_epoch__").asLong()).as("epoch: one writer throughout").isEqualTo(epoch);
      Cluster.verifyExact(report, allIds, false);
    }
    assertThat(maxRss).as("leader RSS").isPositive().isLessThanOrEqualTo(RSS_BOUND_BYTES);
    System.out.printf("[measure] 2,000 silent connections held (%d closed by the leader and reopened): the 17th process's"
        + " configure() took %d ms (status seen %d ms after its start, JVM start included); leader RSS <= %d MiB%n",
        reopened, configureMillis, joined - started, maxRss >> 20);
  }

  /** Holds {@code count} silent connections to a loopback port on one selector thread, reopening each one the peer closes. */
  private static final class Flood implements AutoCloseable {
    final CountDownLatch opened = new CountDownLatch(1);
    final AtomicInteger reopened = new AtomicInteger();
    private final InetSocketAddress target;
    private final int count;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean closed;

    Flood(int port, int count) throws IOException {
      this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      this.count = count;
      this.selector = Selector.open();
      this.thread = new Thread(this::run, "silent-flood");
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void run() {
      ByteBuffer sink = ByteBuffer.allocate(1024);
      try {
        for (int i = 0; i < count && !closed; i++) {
          open();
        }
        opened.countDown();
        while (!closed) {
          selector.select(100);
          Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
          while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            int n;
            try {
              sink.clear();
              n = channel.read(sink);
            } catch (IOException e) {
              n = -1;
            }
            if (n < 0) {
              key.cancel();
              channel.close();
              if (!closed) {
                open();
                reopened.incrementAndGet();
              }
            }
          }
        }
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("flood failed", e);
        }
      } finally {
        for (SelectionKey key : selector.keys()) {
          try {
            key.channel().close();
          } catch (IOException e) {
            // cleanup
          }
        }
      }
    }

    private void open() throws IOException {
      SocketChannel channel = SocketChannel.open();
      try {
        channel.socket().connect(target, 2000);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
      } catch (IOException e) {
        channel.close(); // the leader's backlog is full for a moment: the next reopen tries again
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      selector.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      selector.close();
    }
  }
}
