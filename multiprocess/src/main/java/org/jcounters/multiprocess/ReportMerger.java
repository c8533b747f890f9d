package org.jcounters.multiprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.internal.core.Saturating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the values of every node of one round into a {@link Report}, counter by counter, by the rule
 * each value carries: sums add, max and min take the extreme, empty values are ignored, accumulated
 * values merge key by key, labelled values (event families) label set by label set, averages are
 * weighted by their counts, and distributions add their histograms.
 *
 * <p>Averages are merged in one step, {@code Σ mean·count / Σ count}, rather than pairwise as
 * {@link CounterValue.Average#merge} does: the same rule, but a single rounding, so the result does
 * not depend on the order nodes answered in.
 *
 * <p>A counter whose kind differs between nodes (two versions of a service disagreeing on what a name
 * is) is merged from the nodes that agree with the first one reporting it, in node order (the leader
 * first); the others are left out of that total and logged. Their node reports still show their own
 * values. Distributions merge by adding their histograms ({@link CounterValue.Distribution#merge}); one
 * configured differently from the first reporting it (unit, quantiles, precision or range: the merge
 * refuses it) is left out and logged the same way. Stateless and thread-safe.
 */
final class ReportMerger {
  private static final Logger LOG = LoggerFactory.getLogger(ReportMerger.class);
  private static final RateLimitedLog CONFLICTS = new RateLimitedLog(LOG, 10, 60_000_000_000L);

  /** One node's answer for a round. */
  record NodeValues(String nodeId, Map<String, CounterValue> values, long droppedEvents) {}

  private ReportMerger() {}

  /**
   * @param nodes every node that answered, in merge order (the leader's own values first)
   * @param collectionTime Unix seconds of the round
   */
  static Report merge(List<NodeValues> nodes, double collectionTime) {
    return merge(nodes, collectionTime, 0, Map.of());
  }

  /**
   * @param nodes every node of the round, in merge order (the leader's own values first), late ones with their last values
   * @param collectionTime Unix seconds of the round
   * @param leaderEpoch the epoch of the writer lock the leader holds
   * @param staleNodes the nodes whose values were carried forward, with their age in seconds
   */
  static Report merge(List<NodeValues> nodes, double collectionTime, long leaderEpoch, Map<String, Double> staleNodes) {
    Set<String> names = new LinkedHashSet<>();
    long dropped = 0;
    Map<String, Map<String, CounterValue>> nodeReports = new TreeMap<>();
    for (NodeValues node : nodes) {
      names.addAll(node.values().keySet());
      dropped = Saturating.add(dropped, node.droppedEvents());
      nodeReports.put(node.nodeId(), node.values());
    }
    Map<String, CounterValue> merged = new TreeMap<>();
    for (String name : names) {
      List<CounterValue> values = new ArrayList<>(nodes.size());
      List<String> owners = new ArrayList<>(nodes.size());
      for (NodeValues node : nodes) {
        CounterValue value = node.values().get(name);
        if (value != null) {
          values.add(value);
          owners.add(node.nodeId());
        }
      }
      merged.put(name, mergeAll(name, values, owners));
    }
    return new Report(merged, dropped, collectionTime, nodeReports, leaderEpoch, staleNodes);
  }

  /** Merges one counter's values from several nodes; {@code owners} names the node of each value, for logs. */
  static CounterValue mergeAll(String name, List<CounterValue> values, List<String> owners) {
    CounterValue first = null;
    for (CounterValue value : values) {
      if (!(value instanceof CounterValue.Empty)) {
        first = value;
        break;
      }
    }
    if (first == null) {
      return CounterValue.empty();
    }
    Class<?> kind = first.getClass();
    List<CounterValue> agreeing = new ArrayList<>(values.size());
    List<String> agreeingOwners = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      CounterValue value = values.get(i);
      if (value instanceof CounterValue.Empty) {
        continue;
      }
      if (value.getClass() != kind) {
        CONFLICTS.warn("counter '{}' is a {} on node {} but a {} on an earlier node: left out of the merged total",
            name, value.getClass().getSimpleName(), owners.get(i), kind.getSimpleName());
        continue;
      }
      agreeing.add(value);
      agreeingOwners.add(owners.get(i));
    }
    try {
      if (first instanceof CounterValue.Average) {
        return weightedAverage(agreeing);
      }
      if (first instanceof CounterValue.Accumulated) {
        return mergeAccumulated(name, agreeing, agreeingOwners);
      }
      if (first instanceof CounterValue.Labelled labelled) {
        return mergeLabelled(name, labelled.labelNames(), agreeing, agreeingOwners);
      }
      CounterValue result = agreeing.get(0);
      for (int i = 1; i < agreeing.size(); i++) {
        try {
          result = result.merge(agreeing.get(i));
        } catch (IllegalArgumentException e) {
          // Same kind, different configuration (a distribution's unit, quantiles, precision or range):
          // as for different kinds, the nodes agreeing with the first one reporting it make the total.
          CONFLICTS.warn("counter '{}' on node {} cannot be merged with an earlier node's: left out of the merged total ({})",
              name, agreeingOwners.get(i), e.getMessage());
        }
      }
      return result;
    } catch (ArithmeticException e) {
      CONFLICTS.warn("counter '{}' overflows a long when merged: reported as null", name);
      return CounterValue.empty();
    }
  }

  private static CounterValue weightedAverage(List<CounterValue> averages) {
    double weighted = 0;
    long count = 0;
    for (CounterValue value : averages) {
      CounterValue.Average average = (CounterValue.Average) value;
      weighted += average.mean() * average.count();
      count = Math.addExact(count, average.count());
    }
    return new CounterValue.Average(weighted / count, count);
  }

  private static CounterValue mergeAccumulated(String name, List<CounterValue> accumulated, List<String> nodeIds) {
    Map<String, List<CounterValue>> byKey = new LinkedHashMap<>();
    Map<String, List<String>> owners = new LinkedHashMap<>();
    for (int i = 0; i < accumulated.size(); i++) {
      String owner = nodeIds.get(i);
      ((CounterValue.Accumulated) accumulated.get(i)).entries().forEach((key, entry) -> {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        owners.computeIfAbsent(key, k -> new ArrayList<>()).add(owner);
      });
    }
    Map<String, CounterValue> merged = new TreeMap<>();
    byKey.forEach((key, entries) -> merged.put(key, mergeAll(name + "." + key, entries, owners.get(key))));
    return new CounterValue.Accumulated(merged);
  }

  /**
   * Label set by label set, each by its values' rule (as {@link #mergeAll}: weighted averages,
   * conflicts left out and logged); a node whose family has other label names is left out and logged.
   */
  private static CounterValue mergeLabelled(String name, List<String> labelNames, List<CounterValue> labelled, List<String> nodeIds) {
    Map<String, List<CounterValue>> byKey = new LinkedHashMap<>();
    Map<String, List<String>> owners = new LinkedHashMap<>();
    for (int i = 0; i < labelled.size(); i++) {
      String owner = nodeIds.get(i);
      CounterValue.Labelled value = (CounterValue.Labelled) labelled.get(i);
      if (!value.labelNames().equals(labelNames)) {
        CONFLICTS.warn("counter '{}' is labelled {} on node {} but {} on an earlier node: left out of the merged values",
            name, value.labelNames(), owner, labelNames);
        continue;
      }
      value.series().forEach((key, entry) -> {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        owners.computeIfAbsent(key, k -> new ArrayList<>()).add(owner);
      });
    }
    Map<String, CounterValue> merged = new TreeMap<>();
    byKey.forEach((key, entries) -> merged.put(key, mergeAll(name + "{" + key + "}", entries, owners.get(key))));
    return new CounterValue.Labelled(labelNames, merged);
  }
}
