package org.jcounters.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One benchmark thread's event accounting, reported by JMH next to the score of every JCounters
 * benchmark (secondary results, in the JSON too), per iteration:
 * <ul>
 *   <li>{@code calls}: event calls this thread made (listened to or not);</li>
 *   <li>{@code dropped}: events the engine dropped on full rings (engine-wide; reported on thread 0);</li>
 *   <li>{@code folded}: events that met a full ring and were folded by their producer into an overflow
 *       summary (the default {@code FullRingPolicy.FOLD}): counted exactly, but not the ring's publish
 *       path (engine-wide; reported on thread 0);</li>
 *   <li>{@code lost}: events reported to a listened id that were neither counted nor counted as dropped
 *       (engine-wide, thread 0). Must be 0: anything else is a bug in JCounters or in the benchmark.</li>
 * </ul>
 * A benchmark calls {@link #reported(long)} once per batch for events some counter listens to, or
 * {@link #ignored(long)} for events nobody listens to: two plain field writes per batch, outside the
 * per-call cost.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Ledger {
  /** Calls made in this iteration (listened to or not). */
  public long calls;
  /** Events dropped on full rings during this iteration, over all threads (thread 0 reports; others 0). */
  public long dropped;
  /** Events folded on full rings during this iteration, over all threads (thread 0 reports; others 0): counted, not lost. */
  public long folded;
  /** Events lost without being counted as dropped (thread 0 reports; others 0). Must be 0. */
  public long lost;

  private Books books;
  private boolean settles;
  private long reported;
  private long ignored;
  private long callsBefore;

  @Setup(Level.Trial)
  public void join(Books books, ThreadParams thread) {
    this.books = books;
    this.settles = thread.getThreadIndex() == 0;
    books.join(this);
  }

  @Setup(Level.Iteration)
  public void open() {
    callsBefore = reported + ignored;
  }

  /** Records {@code events} reported to listened ids. */
  public void reported(long events) {
    reported += events;
  }

  /** Records {@code events} reported to ids nobody listens to (not expected to be counted). */
  public void ignored(long events) {
    ignored += events;
  }

  long reportedSoFar() {
    return reported;
  }

  @TearDown(Level.Iteration)
  public void close(IterationParams iteration) {
    calls = reported + ignored - callsBefore;
    if (settles) {
      books.settle(this, iteration.getType() == IterationType.WARMUP);
    } else {
      dropped = 0;
      folded = 0;
      lost = 0;
    }
  }
}
