package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jcounters.reporters.JsonFileReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs on loopback each report the family {@code http_requests(method, status)}, 12 label sets,
 * through a family {@code TotalCounter}: the leader's merged report holds each label set's sum over the
 * three, its node reports each node's own, and the JSON file reads back with the same figures.
 */
@Timeout(120)
class LabelsMergeTest {
  private static final int PROCESSES = 3;
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, Long> expected(Set<Integer> nodes) {
    Map<String, Long> out = new TreeMap<>();
    for (int m = 0; m < TestNodeMain.METHODS.length; m++) {
      for (int s = 0; s < TestNodeMain.STATUSES.length; s++) {
        long total = 0;
        for (int node : nodes) {
          total += TestNodeMain.labelledTotal(node, m, s);
        }
        out.put("method=" + TestNodeMain.METHODS[m] + ",status=" + TestNodeMain.STATUSES[s], total);
      }
    }
    return out;
  }

  private static Map<String, Long> series(JsonNode value) {
    Map<String, Long> out = new TreeMap<>();
    value.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  @Test
  void shouldMergeEachLabelSetOfThreeJvms() throws Exception {
    cluster = new Cluster(dir, 2);
    cluster.start(0, cluster.logArg(), "role=LEADER", "labels=true");
    cluster.await("the leader", 60_000, () -> cluster.leaderIndex(Set.of(0)) == 0 ? true : null);
    for (int i = 1; i < PROCESSES; i++) {
      cluster.start(i, cluster.logArg(), "role=NODE", "labels=true");
    }
    Set<Integer> all = IntStream.range(0, PROCESSES).boxed().collect(Collectors.toCollection(TreeSet::new));
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(all);
      return known.size() == PROCESSES ? known : null;
    });
    JsonNode full = cluster.await("a full report", 60_000, () -> {
      List<JsonNode> reports = cluster.loggedReports();
      for (JsonNode report : reports) {
        if (report.get("__node_reports__").size() == PROCESSES) {
          return report;
        }
      }
      return null;
    });
    assertThat(series(full.get("http_requests"))).isEqualTo(expected(all));
    for (Map.Entry<String, Integer> id : ids.entrySet()) {
      JsonNode node = full.get("__node_reports__").get(id.getKey());
      assertThat(series(node.get("http_requests"))).as("node %s", id.getValue()).isEqualTo(expected(Set.of(id.getValue())));
    }
    cluster.await("the file with all three", 10_000, () -> {
      try {
        Map<String, Object> file = JsonFileReporter.read(cluster.report);
        Object nodes = file.get("__node_reports__");
        return nodes instanceof Map<?, ?> map && map.size() == PROCESSES ? true : null;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    Map<String, Object> file = JsonFileReporter.read(cluster.report);
    Map<String, Long> fromFile = new TreeMap<>();
    ((Map<?, ?>) file.get("http_requests")).forEach((k, v) -> fromFile.put((String) k, ((Number) v).longValue()));
    assertThat(fromFile).isEqualTo(expected(all));
    System.out.println("merged http_requests of 3 JVMs: " + fromFile);
  }
}
