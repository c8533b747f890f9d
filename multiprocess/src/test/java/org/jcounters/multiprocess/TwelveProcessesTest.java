package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Twelve JVMs (PyCounters failed above ten) elect one leader whose report is the exact merge of all of them. */
@Timeout(120)
class TwelveProcessesTest {
  private static final int PROCESSES = 12;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldMergeTwelveProcessesExactlyAndNeverWriteAPartialReport() throws Exception {
    cluster = new Cluster(dir, 2);
    long start = System.currentTimeMillis();
    for (int i = 0; i < PROCESSES; i++) {
      cluster.start(i);
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toSet());
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });

    // Every report written while the group forms must be exact for the nodes it lists.
    Set<Double> seen = new HashSet<>();
    List<Integer> coverage = new ArrayList<>();
    JsonNode full = cluster.await("a report covering all 12 processes", 60_000, () -> {
      JsonNode report = cluster.report();
      if (report == null || !seen.add(report.get("__collection_time__").asDouble())) {
        return null;
      }
      Set<Integer> covered = Cluster.verifyExact(report, ids, false);
      coverage.add(covered.size());
      return covered.size() == PROCESSES ? report : null;
    });
    long formed = System.currentTimeMillis() - start;

    assertThat(full.get("__node_reports__").size()).isEqualTo(PROCESSES);
    assertThat(Cluster.toMap(full, Set.of())).containsEntry("requests", 12_066L).containsEntry("peak", 1107L)
        .containsEntry("floor", 39L).containsEntry("latency", (1 * 10.5 + 2 * 11.5 + 3 * 12.5 + 4 * 13.5 + 5 * 14.5 + 6 * 15.5
            + 7 * 16.5 + 8 * 17.5 + 9 * 18.5 + 10 * 19.5 + 11 * 20.5 + 12 * 21.5) / 78);
    int leaders = 0;
    for (int i = 0; i < PROCESSES; i++) {
      JsonNode s = cluster.status(i);
      leaders += "LEADER".equals(s.get("state").asText()) ? 1 : 0;
    }
    assertThat(leaders).isEqualTo(1);
    List<Long> configure = new ArrayList<>();
    List<Long> elections = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      configure.add(cluster.status(i).get("firstElectionMillis").asLong());
      elections.add(cluster.status(i).get("lastElectionMillis").asLong());
    }
    System.out.printf("[measure] 12 JVMs: full merged report %d ms after the first start; reports seen covered %s nodes;%n"
        + "[measure] election per process (ms): %s; configure() incl. class loading (ms): %s%n", formed, coverage, elections, configure);
  }
}
