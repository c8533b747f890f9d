package org.jcounters.reporters;

import java.util.Objects;
import org.jcounters.core.SnapshotSource;

/**
 * Where the reporting schedule gets each round's report: this process's snapshot, or, under
 * multi-process collection, the leader's merge of every node. A source that returns {@code null}
 * means "this process does not report this round" (a node that is not the leader).
 */
@FunctionalInterface
public interface ReportSource {
  /** The report for this round, or {@code null} if this process should output nothing. */
  Report collect() throws Exception;

  /** Reports of this process's own snapshots. */
  static ReportSource of(SnapshotSource snapshots) {
    Objects.requireNonNull(snapshots, "snapshots");
    return () -> Report.of(snapshots.snapshot());
  }
}
