package org.jcounters.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
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

/**
 * Micrometer 1.x, as its documentation recommends for hot paths: meters built and registered once, the
 * handles kept in fields and shared by all threads, on the in-memory {@link SimpleMeterRegistry}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MicrometerBenchmark {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final Counter counter = Counter.builder("counter").register(registry);
  private final Timer timer = Timer.builder("timer").register(registry);
  private final DistributionSummary summary = DistributionSummary.builder("summary").register(registry);

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void counterIncrement() {
    final Counter counter = this.counter;
    for (int i = 0; i < Batch.CALLS; i++) {
      counter.increment();
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void timerRecord() {
    final Timer timer = this.timer;
    for (int i = 0; i < Batch.CALLS; i++) {
      timer.record(i + 1, TimeUnit.NANOSECONDS);
    }
  }

  /** {@code Timer.record(Runnable)} around the same empty block as {@code Shortcuts.time(name, Runnable)}. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void timerRecordRunnable() {
    final Timer timer = this.timer;
    for (int i = 0; i < Batch.CALLS; i++) {
      timer.record(JCountersBenchmark.EMPTY_BLOCK);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void distributionSummaryRecord() {
    final DistributionSummary summary = this.summary;
    for (int i = 0; i < Batch.CALLS; i++) {
      summary.record(i);
    }
  }
}
