package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen JVMs, {@code kill -9} of the leader ten times, each at a random moment of the report period.
 * Judged on every report actually written (each leader appends every report it writes to one log, in
 * order): the election epoch never goes down; after the first full report, every report covers exactly
 * the processes alive when it was collected, each with exactly what it counted (late ones carried
 * forward and listed in {@code __stale_nodes__}); and a full exact report follows each kill within 3 s.
 */
@Timeout(240)
class LeaderKillsTest {
  private static final int PROCESSES = 16;
  private static final int KILLS = 10;
  private static final long PERIOD_MILLIS = 500;
  private static final long FULL_REPORT_BOUND_MILLIS = 3000;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldNeverLowerTheEpochNorWriteAPartialReportAcrossTenLeaderKills() throws Exception {
    cluster = new Cluster(dir, 2);
    long start = System.currentTimeMillis();
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i, cluster.logArg(), "intervalMillis=" + PERIOD_MILLIS, "rejoinGraceMillis=2000");
    }
    Set<Integer> alive = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 90_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(alive);
      return known.size() == PROCESSES ? known : null;
    });
    awaitFullReport(alive, ids, 0, 90_000);
    long formed = System.currentTimeMillis() - start;

    Map<Integer, Long> killedAt = new LinkedHashMap<>();
    List<String> measures = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int leader = cluster.await("one leader among " + alive, 10_000, () -> {
        int l = cluster.leaderIndex(alive);
        return l >= 0 ? l : null;
      });
      // a random moment of the period: wait for the next report, then up to one period more
      int seen = cluster.loggedReports().size();
      cluster.await("the next report", 10_000, () -> cluster.loggedReports().size() > seen ? true : null);
      long offset = ThreadLocalRandom.current().nextLong(PERIOD_MILLIS);
      Thread.sleep(offset);
      long at = System.currentTimeMillis();
      cluster.process(leader).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      killedAt.put(leader, at);
      alive.remove(leader);

      JsonNode full = awaitFullReport(alive, ids, at, 10_000);
      long after = Cluster.timeMillis(full) - at;
      assertThat(after).as("first full report after kill %d", kill + 1).isLessThanOrEqualTo(FULL_REPORT_BOUND_MILLIS);
      measures.add(String.format("kill %d at +%d ms of the period: full exact report of %d survivors after %d ms (epoch %d)",
          kill + 1, offset, alive.size(), after, full.get("__leader_epoch__").asLong()));
    }
    // the last survivors' report, then judge the whole log
    awaitFullReport(alive, ids, System.currentTimeMillis(), 10_000);
    List<JsonNode> reports = cluster.loggedReports();
    judge(reports, ids, killedAt);
    measures.forEach(m -> System.out.println("[measure] " + m));
    System.out.printf("[measure] 16 JVMs: full report %d ms after the first start; %d reports judged%n", formed, reports.size());
  }

  /**
   * Every report: epoch never lower than the one before; exact for the nodes it covers; once the
   * group has formed, covering exactly the processes alive at its collection time.
   */
  private static void judge(List<JsonNode> reports, Map<String, Integer> ids, Map<Integer, Long> killedAt) {
    long epoch = 0;
    boolean formed = false;
    for (int i = 0; i < reports.size(); i++) {
      JsonNode report = reports.get(i);
      long e = report.get("__leader_epoch__").asLong();
      assertThat(e).as("epoch of report %d after epoch %d", i, epoch).isGreaterThanOrEqualTo(epoch);
      epoch = e;
      Set<Integer> covered = Cluster.verifyExact(report, ids, false);
      long t = Cluster.timeMillis(report);
      Set<Integer> expected = IntStream.range(0, PROCESSES).boxed()
          .filter(k -> !killedAt.containsKey(k) || killedAt.get(k) > t).collect(Collectors.toCollection(TreeSet::new));
      formed |= covered.size() == PROCESSES;
      if (formed) {
        assertThat(new TreeSet<>(covered)).as("processes covered by report %d (epoch %d, stale %s)", i, e, report.get("__stale_nodes__"))
            .isEqualTo(expected);
      }
      report.get("__stale_nodes__").fieldNames().forEachRemaining(stale ->
          assertThat(report.get("__node_reports__").has(stale)).as("stale node %s is in the report", stale).isTrue());
    }
  }

  /** Waits for a logged report collected after {@code after} (epoch ms) that covers exactly {@code alive}. */
  private JsonNode awaitFullReport(Set<Integer> alive, Map<String, Integer> ids, long after, long timeoutMillis)
      throws InterruptedException {
    return cluster.await("a report after " + after + " covering " + alive, timeoutMillis, () -> {
      List<JsonNode> reports = cluster.loggedReports();
      for (JsonNode report : reports) {
        if (Cluster.timeMillis(report) > after && new TreeSet<>(Cluster.verifyExact(report, ids, false)).equals(alive)) {
          return report;
        }
      }
      return null;
    });
  }
}
