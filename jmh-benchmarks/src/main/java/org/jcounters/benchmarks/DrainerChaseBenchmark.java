package org.jcounters.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcounters.JCounters;
import org.jcounters.counters.TotalCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the drainer running beside it costs the producer: the paced listened-to {@code value} of
 * {@link JCountersBenchmark#value} on an engine of its own, varying
 * <ul>
 *   <li>{@code minBatch}, the number of events below which a drainer pass counts as idle and the
 *       drainer parks (default 256: a drainer faster than the producer keeps polling a few hundred
 *       events behind it; 4096: it parks until a large batch waits);</li>
 *   <li>{@code backlog}, how far behind the drainer the pacer lets the thread's ring be at the end of
 *       a batch: 2048 is the ring's high-water mark (half of the 4,096-slot ring), where the producer
 *       checks whether to wake the drainer (reading its {@code sleeping} flag, unparking it if set);
 *       1536 stays below it. Neither lets the ring fill (see {@link JCountersBenchmark.Pacer}).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DrainerChaseBenchmark {
  static final String EVENT = "chase_value.";

  @Param({"256", "4096"})
  public int minBatch;

  @Param({"1536", "2048"})
  public int backlog;

  JCounters engine;
  final List<Tally> tallies = new ArrayList<>();

  @Setup(Level.Trial)
  public void start(Books books) {
    engine = JCounters.builder().minBatch(minBatch).drainerThreadName("bench-drainer").build();
    for (int t = 0; t < JCountersBenchmark.MAX_THREADS; t++) {
      Tally tally = new Tally(new TotalCounter(EVENT + t));
      engine.register(tally);
      tallies.add(tally);
    }
    books.audit(engine, tallies);
  }

  @TearDown(Level.Trial)
  public void stop() {
    engine.close();
  }

  /** {@code JCounters.value(id, v)}, listened to, paced so that the ring never fills. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void value(Room room, Ledger ledger) {
    final JCounters engine = this.engine;
    final int id = room.id;
    for (int i = 0; i < Batch.CALLS; i++) {
      engine.value(id, i);
    }
    room.sent += Batch.CALLS;
    ledger.reported(Batch.CALLS);
  }

  /** The same pacing as {@link JCountersBenchmark.Pacer}, for this benchmark's own engine. */
  @State(Scope.Thread)
  public static class Room {
    int id;
    long sent;
    private Tally tally;
    private long limit;

    @Setup(Level.Trial)
    public void pick(DrainerChaseBenchmark bench, ThreadParams thread) {
      id = bench.engine.id(EVENT + thread.getThreadIndex());
      tally = bench.tallies.get(thread.getThreadIndex());
      // A counted event's slot is freed only at the end of the drainer's batch: never more than half the ring minus a batch.
      limit = Math.min(bench.backlog - Batch.CALLS, JCountersBenchmark.PACER_LIMIT);
    }

    @Setup(Level.Invocation)
    public void waitForRoom() {
      final long limit = this.limit;
      while (sent - tally.received() > limit) {
        Thread.onSpinWait();
      }
    }
  }
}
