package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jcounters.internal.core.EventNames;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes register, in a real dispatcher, a counter with a 2,000-char name (carried through: core,
 * wire and JSON agree on the limit) and try one with a 1 MiB name (refused where it is made, with a
 * clear message). Their other counters are in every merged report, and {@link JsonFileReporter#read}
 * reads back every report the leader writes.
 */
@Timeout(120)
class LongNamesTest {
  private static final int PROCESSES = 3;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldCarryA2000CharNameRefuseA1MiBNameAtRegisterAndKeepEveryOtherCounter() throws Exception {
    cluster = new Cluster(dir, 2);
    cluster.start(0, cluster.logArg(), "role=LEADER");
    cluster.await("the leader", 60_000, () -> cluster.leaderIndex(Set.of(0)) == 0 ? true : null);
    for (int i = 1; i < PROCESSES; i++) {
      cluster.start(i, cluster.logArg(), "role=NODE", "longNames=true");
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });
    int firstFull = cluster.await("a full report", 60_000, () -> {
      List<JsonNode> reports = cluster.loggedReports();
      for (int i = 0; i < reports.size(); i++) {
        if (reports.get(i).get("__node_reports__").size() == PROCESSES) {
          return i;
        }
      }
      return null;
    });
    for (int i = 1; i < PROCESSES; i++) {
      assertThat(cluster.status(i).get("registerError").asText())
          .contains("counter name is " + (5 + (1 << 20)) + " chars long, the limit is " + EventNames.MAX_NAME_CHARS);
    }
    // a few more rounds, then judge every report written since the group formed
    int seen = cluster.loggedReports().size();
    cluster.await("three more reports", 10_000, () -> cluster.loggedReports().size() >= seen + 3 ? true : null);
    List<JsonNode> reports = cluster.loggedReports();
    for (JsonNode report : reports.subList(firstFull, reports.size())) {
      assertThat(report.get(TestNodeMain.LONG_NAME).asLong()).isEqualTo(2 * TestNodeMain.LONG_NAME_VALUE);
      JsonNode nodes = report.get("__node_reports__");
      for (Map.Entry<String, Integer> id : ids.entrySet()) {
        JsonNode node = nodes.get(id.getKey());
        assertThat(node).as("node %s in %s", id.getValue(), report).isNotNull();
        Map<String, Object> values = Cluster.toMap(node, Set.of(TestNodeMain.LONG_NAME));
        assertThat(values).as("node %s", id.getValue()).isEqualTo(KnownValues.reportOf(id.getValue()));
        assertThat(node.has(TestNodeMain.LONG_NAME)).isEqualTo(id.getValue() != 0);
      }
      assertThat(Cluster.toMap(report, Set.of(TestNodeMain.LONG_NAME))).isEqualTo(KnownValues.mergedReport(all));
    }
    Map<String, Object> file = JsonFileReporter.read(cluster.report);
    assertThat(file).containsEntry(TestNodeMain.LONG_NAME, 2 * TestNodeMain.LONG_NAME_VALUE);
    assertThat(cluster.status(0).get("readBackFailures").asLong()).isZero();
    assertThat(cluster.status(0).get("reportsWritten").asLong()).isGreaterThanOrEqualTo(reports.size() - firstFull);
  }
}
