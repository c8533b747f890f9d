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
 * drains every ring and every overflow summary, then {@code reported = counted + dropped} must hold
 * exactly (folded events are counted: a {@link Tally} counts a folded summary for as many events as it holds).
 *
 * <p>A benchmark that stalls the drainer on purpose (the full-ring row of {@link ThreadModelBenchmark})
 * registers {@linkplain #beforeSettling(Runnable) what frees it}, run before the snapshot.
 */
@State(Scope.Benchmark)
public class Books {
  private final List<Ledger> ledgers = new CopyOnWriteArrayList<>();
  private volatile JCounters engine;
  private volatile List<Tally> tallies = List.of();
  private volatile Runnable beforeSettling = () -> { };

  // Thread 0's, between iterations.
  private long droppedBefore;
  private long foldedBefore;
  private long lostReported;

  /** The engine measured and the tallies of every counter listening in it. */
  public void audit(JCounters engine, List<Tally> tallies) {
    this.engine = engine;
    this.tallies = List.copyOf(tallies);
  }

  /** Runs {@code action} at the end of every iteration before the snapshot that settles the books (e.g. releasing a stalled drainer). */
  public void beforeSettling(Runnable action) {
    this.beforeSettling = action;
  }

  JCounters engine() {
    return engine;
  }

  /** Events reported to listened ids by every thread so far (exact after JMH's tear-down barrier). */
  long reportedSoFar() {
    long reported = 0;
    for (Ledger l : ledgers) {
      reported += l.reportedSoFar();
    }
    return reported;
  }

  /** Events the tallies received so far (exact after a snapshot). */
  long countedSoFar() {
    long counted = 0;
    for (Tally tally : tallies) {
      counted += tally.received();
    }
    return counted;
  }

  void join(Ledger ledger) {
    ledgers.add(ledger);
  }

  /**
   * Called by thread 0 only, after the tear-down barrier: fills its ledger's {@code dropped} and
   * {@code folded} (this iteration's, engine-wide) and {@code lost} (events neither counted nor counted as dropped, since the
   * trial began and not reported yet; a warm-up iteration reports none but keeps them for the first
   * measured one, so that no loss hides in warm-up).
   */
  void settle(Ledger ledger, boolean warmup) {
    JCounters engine = this.engine;
    if (engine == null) {
      throw new IllegalStateException("the benchmark state did not call Books.audit(engine, tallies) in its setup");
    }
    beforeSettling.run();
    long dropped = engine.snapshot().droppedEvents(); // drains every ring and overflow summary first
    long folded = engine.foldedEvents();
    long counted = countedSoFar();
    long reported = reportedSoFar();
    ledger.dropped = dropped - droppedBefore;
    droppedBefore = dropped;
    ledger.folded = folded - foldedBefore;
    foldedBefore = folded;
    long lost = reported - counted - dropped;
    if (warmup) {
      ledger.lost = 0;
    } else {
      ledger.lost = lost - lostReported;
      lostReported = lost;
    }
  }
}
