package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger (a plain server socket that never speaks) holds the preferred port at start: the group
 * forms on the fall-back; once the stranger lets go, the leader moves to the preferred port, every node
 * follows, and the fall-back port is released.
 */
@Timeout(120)
class PreferredAddressTest {
  private static final int PROCESSES = 4;
  @TempDir Path dir;
  private Cluster cluster;
  private ServerSocket stranger;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (stranger != null) {
      stranger.close();
    }
  }

  @Test
  void shouldLeadOnTheFallBackThenMoveToThePreferredPortWithEveryNode() throws Exception {
    cluster = new Cluster(dir, 2);
    stranger = new ServerSocket();
    stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.ports[0]), 50);
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i);
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toSet());
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });
    awaitEveryoneOnLevel(all, 1, 60_000);
    awaitReport(ids, all, 0);

    long released = System.currentTimeMillis();
    stranger.close();
    long moved = awaitEveryoneOnLevel(all, 0, 30_000);
    awaitReport(ids, all, moved);

    // the old leader released the fall-back port
    try (ServerSocket fallBack = new ServerSocket()) {
      fallBack.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), cluster.ports[1]));
    }
    System.out.printf("[measure] move to the preferred port: every node on it %d ms after the stranger let go"
        + " (the leader retries every 300 ms)%n", moved - released);
  }

  /** Waits until one node leads on {@code level} and every other one is connected to it there; returns when. */
  private long awaitEveryoneOnLevel(Set<Integer> all, int level, long timeoutMillis) throws InterruptedException {
    return cluster.await("every node on level " + level, timeoutMillis, () -> {
      int leaders = 0;
      for (int i : all) {
        JsonNode s = cluster.status(i);
        if (s == null || s.path("level").asInt() != level) {
          return null;
        }
        leaders += "LEADER".equals(s.path("state").asText()) ? 1 : 0;
      }
      return leaders == 1 ? System.currentTimeMillis() : null;
    });
  }

  private void awaitReport(Map<String, Integer> ids, Set<Integer> all, long after) throws InterruptedException {
    JsonNode report = cluster.await("a full report", 30_000, () -> {
      JsonNode r = cluster.report();
      if (r == null || r.get("__collection_time__").asDouble() * 1000 <= after) {
        return null;
      }
      return Cluster.verifyExact(r, ids, false).equals(all) ? r : null;
    });
    assertThat(report.get("__node_reports__").size()).isEqualTo(PROCESSES);
  }
}
