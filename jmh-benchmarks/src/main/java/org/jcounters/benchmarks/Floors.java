package org.jcounters.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floors every other result is read against, measured in the same run: an empty loop (what the
 * harness and the loop cost), a shared {@link LongAdder#increment()} (the cheapest contended-safe counter in
 * the JDK, and what JCounters' {@code Events.value} must stay within 1.5× of) and {@link System#nanoTime()}
 * (what any timer pays at least once per measured block).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Floors {
  private final LongAdder adder = new LongAdder();

  /** An empty loop of {@value Batch#CALLS} turns: the harness floor. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void emptyLoop() {
    for (int i = 0; i < Batch.CALLS; i++) {
      // nothing: the loop and the harness alone
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void longAdderIncrement() {
    final LongAdder adder = this.adder;
    for (int i = 0; i < Batch.CALLS; i++) {
      adder.increment();
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void nanoTime(Blackhole bh) {
    for (int i = 0; i < Batch.CALLS; i++) {
      bh.consume(System.nanoTime());
    }
  }
}
