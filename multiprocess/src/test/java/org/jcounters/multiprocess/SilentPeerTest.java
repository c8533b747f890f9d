package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that completes the hello and then never answers (rejoining each time the leader gives up on
 * it) costs only itself: report rounds keep their period and the honest nodes' values stay exact. A
 * peer of another protocol version is refused with a clear line in the leader's log.
 */
@Timeout(120)
class SilentPeerTest {
  private static final int PROCESSES = 3;
  private static final long PERIOD_MILLIS = 1000;
  private static final long WATCH_MILLIS = 7000;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldKeepThePeriodAndExactValuesWhileAWelcomedPeerNeverAnswers() throws Exception {
    cluster = new Cluster(dir, 2);
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i, cluster.logArg(), "intervalMillis=" + PERIOD_MILLIS);
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });
    cluster.await("a full report", 60_000, () -> {
      JsonNode last = cluster.lastLoggedReport();
      return last != null && Cluster.verifyExact(last, ids, false).equals(all) ? true : null;
    });

    int before = cluster.loggedReports().size();
    long watchStart = System.currentTimeMillis();
    int joins = 0;
    RawPeer silent = null;
    try {
      while (System.currentTimeMillis() - watchStart < WATCH_MILLIS) {
        if (silent == null || silent.closedByPeerBefore(System.nanoTime() + 50_000_000L)) {
          if (silent != null) {
            silent.close();
          }
          silent = new RawPeer(cluster.ports[0]);
          silent.join("silent-peer", null); // welcomed; from now on it reads nothing and answers nothing
          joins++;
        }
      }
    } finally {
      if (silent != null) {
        silent.close();
      }
    }

    List<JsonNode> logged = cluster.loggedReports();
    List<JsonNode> watched = logged.subList(before, logged.size());
    assertThat(watched).as("reports while the silent peer was there").hasSizeGreaterThanOrEqualTo((int) (WATCH_MILLIS / PERIOD_MILLIS) - 2);
    List<Long> gaps = new ArrayList<>();
    long previous = Cluster.timeMillis(logged.get(before - 1));
    for (JsonNode report : watched) {
      assertThat(Cluster.verifyExact(report, ids, false)).as("honest nodes in %s", report).isEqualTo(all);
      assertThat(report.get("__node_reports__").has("silent-peer")).isFalse();
      long t = Cluster.timeMillis(report);
      gaps.add(t - previous);
      previous = t;
    }
    assertThat(gaps).as("gaps between reports (ms)").allSatisfy(gap -> assertThat(gap).isLessThanOrEqualTo(PERIOD_MILLIS * 3 / 2));
    System.out.printf("[measure] silent peer (welcomed %d times in %d ms): gaps between reports %s ms (period %d ms)%n", joins,
        WATCH_MILLIS, gaps, PERIOD_MILLIS);
  }

  @Test
  void shouldRefuseAPeerOfAnotherProtocolVersionWithAClearLogLine() throws Exception {
    cluster = new Cluster(dir, 2);
    cluster.start(0, "role=LEADER");
    cluster.await("the leader", 60_000, () -> cluster.leaderIndex(Set.of(0)) == 0 ? true : null);
    try (RawPeer future = new RawPeer(cluster.ports[0])) {
      byte[] body = "{\"type\":\"hello\",\"nodeId\":\"from-the-future\"}".getBytes(StandardCharsets.UTF_8);
      future.send(ByteBuffer.allocate(FrameCodec.HEADER_BYTES + body.length)
          .putInt(FrameCodec.MAGIC).putShort((short) 2).putShort((short) 0).putInt(body.length).put(body).array());
      Message answer = future.receive(3000);
      assertThat(answer).isInstanceOf(Message.Reject.class);
      assertThat(((Message.Reject) answer).reason()).contains("protocol version 2, this process speaks 1");
    }
    cluster.await("the leader's log line", 10_000, () -> {
      try {
        return Files.readString(cluster.logPath(0), StandardCharsets.UTF_8).contains("the peer speaks protocol version 2") ? true : null;
      } catch (IOException e) {
        return null;
      }
    });
  }
}
