package org.jcounters.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One report, as every reporter of one round sees it: counter values by name, the events dropped
 * by full rings, the collection time, and, for a multi-process leader, each node's own values.
 *
 * @param values counter name to value, sorted by name
 * @param droppedEvents events lost to full rings (over all nodes for a merged report)
 * @param collectionTime Unix time in seconds, as PyCounters' {@code __collection_time__}
 * @param nodeReports node id to that node's values; empty unless this is a multi-process leader's report
 * @param sinceStart counter name to what it counted since it started ({@link Snapshot#sinceStart()}),
 *     for exporters of series that never go down (Prometheus); empty in a merged report, whose totals
 *     would go down whenever a node leaves
 * @param leaderEpoch for a multi-process leader, the election epoch under which it wrote this report
 *     (it grows with every election, and a report of a lower epoch is never written after one of a
 *     higher epoch); 0 otherwise
 * @param staleNodes for a multi-process leader, the nodes whose values were carried forward from an
 *     earlier round because they were late, each with the age of those values in seconds; empty otherwise
 */
public record Report(
    Map<String, CounterValue> values,
    long droppedEvents,
    double collectionTime,
    Map<String, Map<String, CounterValue>> nodeReports,
    Map<String, CounterValue> sinceStart,
    long leaderEpoch,
    Map<String, Double> staleNodes) {

  /** Key of the collection time in a PyCounters report. */
  public static final String COLLECTION_TIME_KEY = "__collection_time__";
  /** Key of the per-node values in a multi-process leader's report. */
  public static final String NODE_REPORTS_KEY = "__node_reports__";
  /** Key of the dropped-event count: JCounters' own, a {@code __x__} key that PyCounters readers skip. */
  public static final String DROPPED_EVENTS_KEY = "__dropped_events__";
  /** Key of a multi-process leader's election epoch. */
  public static final String LEADER_EPOCH_KEY = "__leader_epoch__";
  /** Key of the nodes a multi-process leader carried forward (node id to age of its values in seconds). */
  public static final String STALE_NODES_KEY = "__stale_nodes__";

  /**
   * A report of the given figures; every map is copied, sorted by key.
   *
   * @param values counter name to value
   * @param droppedEvents events lost to full rings
   * @param collectionTime Unix time in seconds
   * @param nodeReports node id to that node's values; empty unless a multi-process leader's
   * @param sinceStart counter name to its since-start figures; may be empty
   * @param leaderEpoch a multi-process leader's election epoch; 0 otherwise
   * @param staleNodes node id to the age in seconds of the values carried forward; may be empty
   * @throws NullPointerException if a map is null
   */
  public Report {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(nodeReports, "nodeReports");
    Objects.requireNonNull(staleNodes, "staleNodes");
    staleNodes = Collections.unmodifiableMap(new TreeMap<>(staleNodes));
    values = Collections.unmodifiableMap(new TreeMap<>(values));
    Map<String, Map<String, CounterValue>> nodes = new TreeMap<>();
    nodeReports.forEach((node, nodeValues) -> nodes.put(node, Collections.unmodifiableMap(new TreeMap<>(nodeValues))));
    nodeReports = Collections.unmodifiableMap(nodes);
    sinceStart = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(sinceStart, "sinceStart")));
  }

  /**
   * A report without since-start figures, epoch or stale nodes: values built by hand.
   *
   * @param values counter name to value; copied
   * @param droppedEvents events lost to full rings
   * @param collectionTime Unix time in seconds
   * @param nodeReports node id to that node's values; usually empty
   */
  public Report(Map<String, CounterValue> values, long droppedEvents, double collectionTime,
      Map<String, Map<String, CounterValue>> nodeReports) {
    this(values, droppedEvents, collectionTime, nodeReports, Map.of(), 0, Map.of());
  }

  /**
   * A multi-process leader's merged report: no since-start figures (its totals would go down
   * whenever a node leaves), an epoch and the nodes carried forward.
   *
   * @param values counter name to merged value; copied
   * @param droppedEvents events lost to full rings over all nodes
   * @param collectionTime Unix time in seconds
   * @param nodeReports node id to that node's values
   * @param leaderEpoch the election epoch under which the leader writes this report
   * @param staleNodes node id to the age in seconds of the values carried forward
   */
  public Report(Map<String, CounterValue> values, long droppedEvents, double collectionTime,
      Map<String, Map<String, CounterValue>> nodeReports, long leaderEpoch, Map<String, Double> staleNodes) {
    this(values, droppedEvents, collectionTime, nodeReports, Map.of(), leaderEpoch, staleNodes);
  }

  /**
   * The report of one process's snapshot, its since-start figures included.
   *
   * @param snapshot the snapshot; its time, in milliseconds, becomes the collection time in seconds
   * @return the report, with no node reports, epoch 0 and no stale nodes
   */
  public static Report of(Snapshot snapshot) {
    return new Report(snapshot.values(), snapshot.droppedEvents(), snapshot.epochMillis() / 1000.0, Map.of(), snapshot.sinceStart(), 0, Map.of());
  }
}
