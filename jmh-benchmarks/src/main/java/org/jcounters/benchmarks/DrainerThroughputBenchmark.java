package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcounters.FullRingPolicy;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end: how many events a second the drainer turns into counter updates, sustained, with zero
 * drops. The producers report values as fast as they can into an engine with
 * {@link FullRingPolicy#WAIT}, so a full ring holds them back until the drainer frees a slot: the
 * throughput measured is the drainer's (or the producers', if they are the slower side), and every event
 * is counted, which the {@code dropped} and {@code lost} secondary results prove.
 *
 * <p>On a 2-core machine a second producer thread competes with the drainer for a core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DrainerThroughputBenchmark {
  static final String EVENT = "throughput_value";

  private JCounters engine;
  private int id;

  @Setup(Level.Trial)
  public void start(Books books) {
    engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).drainerThreadName("bench-drainer").build();
    Tally tally = new Tally(new TotalCounter(EVENT));
    engine.register(tally);
    id = engine.id(EVENT);
    books.audit(engine, List.of(tally));
  }

  @TearDown(Level.Trial)
  public void stop() {
    engine.close();
  }

  /** Values into one counter; events per second counted. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void drainedEvents(Ledger ledger) {
    final JCounters engine = this.engine;
    final int id = this.id;
    for (int i = 0; i < Batch.CALLS; i++) {
      engine.value(id, i);
    }
    ledger.reported(Batch.CALLS);
  }
}
