package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jcounters.JCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark-wide half of the event accounting (see {@link Ledger}): which engine is measured, the
 * tallies of the counters under test, and every thread's ledger.
 *
 * <p>The benchmark's own state {@linkplain #audit(JCounters, List) names the engine and tallies} in its
 * trial setup. At the end of every iteration, after JMH's tear-down barrier (no thread is reporting
 * events then), thread 0's ledger {@linkplain #settle(Ledger, boolean) settles the books}: a snapshot
 * drains every ring, then {@code reported = counted + dropped} must hold exactly.
 */
@State(Scope.Benchmark)
public class Books {
  private final List<Ledger> ledgers = new CopyOnWriteArrayList<>();
  private volatile JCounters engine;
  private volatile List<Tally> tallies = List.of();

  // Thread 0's, between iterations.
  private long droppedBefore;
  private long lostReported;

  /** The engine measured and the tallies of every counter listening in it. */
  public void audit(JCounters engine, List<Tally> tallies) {
    this.engine = engine;
    this.tallies = List.copyOf(tallies);
  }

  void join(Ledger ledger) {
    ledgers.add(ledger);
  }

  /**
   * Called by thread 0 only, after the tear-down barrier: fills its ledger's {@code dropped} (this
   * iteration's, engine-wide) and {@code lost} (events neither counted nor counted as dropped, since the
   * trial began and not reported yet; a warm-up iteration reports none but keeps them for the first
   * measured one, so that no loss hides in warm-up).
   */
  void settle(Ledger ledger, boolean warmup) {
    JCounters engine = this.engine;
    if (engine == null) {
      throw new IllegalStateException("the benchmark state did not call Books.audit(engine, tallies) in its setup");
    }
    long dropped = engine.snapshot().droppedEvents(); // drains every ring first
    long counted = 0;
    for (Tally tally : tallies) {
      counted += tally.received();
    }
    long reported = 0;
    for (Ledger l : ledgers) {
      reported += l.reportedSoFar();
    }
    ledger.dropped = dropped - droppedBefore;
    droppedBefore = dropped;
    long lost = reported - counted - dropped;
    if (warmup) {
      ledger.lost = 0;
    } else {
      ledger.lost = lost - lostReported;
      lostReported = lost;
    }
  }
}
