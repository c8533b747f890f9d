package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.JCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The JCounters hot path through the static {@link Events} facade on the default engine (rings of
 * 16,384 slots, {@code DROP} on a full ring), as an application calls it: ids interned once into
 * {@code static final} fields.
 *
 * <p><b>Read the drops.</b> A thread calling {@code Events.value} in a tight loop reports far more events
 * than one drainer can count, so these tight-loop results are measured while the ring is full part of the
 * time: their {@code dropped} secondary result says how much. {@link #valueWithRoom} is the same call
 * paced so that the ring always has room (zero drops): the cost of the publish itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JCountersBenchmark {
  /** The default engine's ring size ({@code JCounters.Builder}'s default). */
  static final int RING_CAPACITY = 1 << 14;
  /**
   * The default engine's drainer batch limit: a counter sees an event up to this many events before the
   * drainer hands the slot back to the producer, so a backlog measured by counting lags the ring's by as much.
   */
  static final int DRAINER_BATCH_LIMIT = 4096;

  static final String VALUE = "bench_value";
  static final String WINDOW = "bench_window_value";
  static final String OCCURRENCE = "bench_occurrence";
  static final String BLOCK = "bench_block";
  static final String TIMED = "bench_timed_block";
  static final String UNLISTENED = "bench_unlistened";
  static final String PACED = "bench_paced_"; // + thread index

  private static final int VALUE_ID = Events.id(VALUE);
  private static final int WINDOW_ID = Events.id(WINDOW);
  private static final int OCCURRENCE_ID = Events.id(OCCURRENCE);
  private static final int BLOCK_ID = Events.id(BLOCK);
  private static final int TIMED_ID = Events.id(TIMED);
  private static final int UNLISTENED_ID = Events.id(UNLISTENED);

  private static final int MAX_THREADS = 64;
  final Tally[] paced = new Tally[MAX_THREADS];

  @Setup(Level.Trial)
  public void registerCounters(Books books) {
    List<Tally> tallies = new java.util.ArrayList<>(List.of(
        new Tally(new StandInCounters.Sum(VALUE)),
        new Tally(new StandInCounters.Sum(WINDOW)),
        new Tally(new StandInCounters.Occurrences(OCCURRENCE)),
        new Tally(new StandInCounters.MeanTime(BLOCK)),
        new Tally(new StandInCounters.MeanTime(TIMED))));
    for (int t = 0; t < MAX_THREADS; t++) {
      paced[t] = new Tally(new StandInCounters.Sum(PACED + t));
      tallies.add(paced[t]);
    }
    tallies.forEach(Counters::register);
    books.audit(JCounters.defaultInstance(), tallies);
  }

  /** {@code Events.value(id, v)} to an id a counter listens to, in a tight loop. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void value(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(VALUE_ID, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** {@code Events.value(id, v)} to an id nobody listens to: one flag read. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueUnlistened(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(UNLISTENED_ID, i);
    }
    ledger.ignored(Batch.CALLS);
  }

  /**
   * {@code Events.value(id, v)}, listened to, with the ring kept from filling: before each batch (outside
   * the timing) the thread waits until its ring has room for it. Zero drops by construction, the drainer
   * running concurrently: the publish cost itself.
   */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueWithRoom(Ledger ledger, Pacer pacer) {
    final int id = pacer.id;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent += Batch.CALLS;
    ledger.reported(Batch.CALLS);
  }

  /** {@code Events.value(String, v)}: the convenience overload that looks the name up on every call. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueByName(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(VALUE, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** A value into a window counter: the producer's cost must not depend on the counter type. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueIntoWindowCounter(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(WINDOW_ID, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** {@code Events.occurrence(id)}. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void occurrence(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.occurrence(OCCURRENCE_ID);
    }
    ledger.reported(Batch.CALLS);
  }

  /** A {@code start}/{@code end} pair (two events, two clock reads) around an empty block. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void startEnd(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.start(BLOCK_ID);
      Events.end(BLOCK_ID);
    }
    ledger.reported(2L * Batch.CALLS);
  }

  /** A start/end pair into a timing counter. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void startEndIntoTimingCounter(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.start(TIMED_ID);
      Events.end(TIMED_ID);
    }
    ledger.reported(2L * Batch.CALLS);
  }

  /**
   * Keeps one thread's ring from filling in {@link #valueWithRoom}: each thread reports to its own
   * counter, so that how far the drainer is behind that thread is exact ({@code sent - counted}).
   */
  @State(Scope.Thread)
  public static class Pacer {
    int id;
    long sent;
    private Tally tally;

    @Setup(Level.Trial)
    public void pick(JCountersBenchmark bench, ThreadParams thread) {
      id = Events.id(PACED + thread.getThreadIndex());
      tally = bench.paced[thread.getThreadIndex()];
    }

    /** Waits (untimed) until the ring has room for the next batch, with a batch to spare. */
    @Setup(Level.Invocation)
    public void waitForRoom() {
      final long limit = RING_CAPACITY - DRAINER_BATCH_LIMIT - 2L * Batch.CALLS;
      while (sent - tally.received() > limit) {
        Thread.onSpinWait();
      }
    }
  }
}
