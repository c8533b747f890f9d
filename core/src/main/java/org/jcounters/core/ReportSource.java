package org.jcounters.core;

import java.util.Objects;

/**
 * Where the reporting schedule gets each round's report: this process's snapshot, or, under
 * multi-process collection, the leader's merge of every node. A source that returns {@code null}
 * means "this process does not report this round" (a node that is not the leader).
 */
@FunctionalInterface
public interface ReportSource {
  /**
   * The report for this round, or {@code null} if this process should output nothing. Called from
   * the reporting thread, once per round.
   *
   * @return the report, or {@code null} to skip the round
   * @throws Exception if no report can be made; the controller logs it and tries again next round
   */
  Report collect() throws Exception;

  /**
   * Reports of this process's own snapshots.
   *
   * @param snapshots the source of each round's snapshot, such as an engine
   * @return a source making a {@link Report#of(org.jcounters.core.Snapshot) report} of each snapshot
   * @throws NullPointerException if {@code snapshots} is null
   */
  static ReportSource of(SnapshotSource snapshots) {
    Objects.requireNonNull(snapshots, "snapshots");
    return () -> Report.of(snapshots.snapshot());
  }
}
