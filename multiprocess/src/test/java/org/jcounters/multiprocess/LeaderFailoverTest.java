package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the leader, twice in a row: each time a new leader is elected among the survivors
 * and its reports again cover every surviving process with exactly what it counted.
 */
@Timeout(150)
class LeaderFailoverTest {
  private static final int PROCESSES = 6;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldElectANewLeaderWhoseReportsCoverEverySurvivorExactly() throws Exception {
    cluster = new Cluster(dir, 2);
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i);
    }
    Set<Integer> alive = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(alive);
      return known.size() == PROCESSES ? known : null;
    });
    awaitFullReport(alive, ids, 0);

    List<String> measures = new ArrayList<>();
    for (int kill = 0; kill < 2; kill++) {
      int leader = cluster.leaderIndex(alive);
      assertThat(leader).as("leader among %s", alive).isNotNegative();
      long killedAt = System.currentTimeMillis();
      cluster.process(leader).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      alive.remove(leader);

      JsonNode report = awaitFullReport(alive, ids, killedAt);
      long reportedAt = (long) (report.get("__collection_time__").asDouble() * 1000);
      // The new leader writes its status file on its own schedule: the report may come first.
      int newLeader = cluster.await("the new leader's status", 10_000, () -> {
        int index = cluster.leaderIndex(alive);
        return index >= 0 ? index : null;
      });
      assertThat(newLeader).isNotEqualTo(leader);
      long reElection = cluster.status(newLeader).get("lastElectionMillis").asLong();
      long detected = cluster.await("every survivor following the new leader", 10_000, () -> {
        for (int i : alive) {
          JsonNode s = cluster.status(i);
          if (s == null || !ids.containsKey(s.path("leaderId").asText()) || ids.get(s.path("leaderId").asText()) != newLeader) {
            return null;
          }
        }
        return System.currentTimeMillis();
      });
      measures.add(String.format("kill %d: leader %d killed; new leader %d elected itself in %d ms; first report covering all %d"
          + " survivors %d ms after the kill (reports every 250 ms, survivors all following after <= %d ms)",
          kill + 1, leader, newLeader, reElection, alive.size(), reportedAt - killedAt, detected - killedAt));
    }
    measures.forEach(m -> System.out.println("[measure] failover " + m));
  }

  /** Waits for a report written after {@code after} (epoch ms) that covers exactly {@code alive}, and checks it exactly. */
  private JsonNode awaitFullReport(Set<Integer> alive, Map<String, Integer> ids, long after) throws InterruptedException {
    return cluster.await("a report after " + after + " covering " + alive, 30_000, () -> {
      JsonNode report = cluster.report();
      if (report == null || report.get("__collection_time__").asDouble() * 1000 <= after) {
        return null;
      }
      Set<Integer> covered = Cluster.verifyExact(report, ids, false);
      return covered.equals(alive) ? report : null;
    });
  }
}
