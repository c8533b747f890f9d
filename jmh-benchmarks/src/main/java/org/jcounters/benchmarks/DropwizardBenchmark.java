package org.jcounters.benchmarks;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
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
 * Dropwizard Metrics 4.2, as its documentation recommends: metrics created once through a
 * {@link MetricRegistry} and kept in fields, shared by all threads. Histograms and timers with the
 * default reservoir ({@code ExponentiallyDecayingReservoir}, which takes a lock) and with
 * {@link LockFreeExponentiallyDecayingReservoir}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DropwizardBenchmark {
  private final MetricRegistry registry = new MetricRegistry();
  private final Counter counter = registry.counter("counter");
  private final Meter meter = registry.meter("meter");
  private final Histogram histogram = registry.histogram("histogram");
  private final Timer timer = registry.timer("timer");
  private final Histogram lockFreeHistogram =
      registry.register("lock_free_histogram", new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build()));
  private final Timer lockFreeTimer =
      registry.register("lock_free_timer", new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void counterInc() {
    final Counter counter = this.counter;
    for (int i = 0; i < Batch.CALLS; i++) {
      counter.inc();
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void meterMark() {
    final Meter meter = this.meter;
    for (int i = 0; i < Batch.CALLS; i++) {
      meter.mark();
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void histogramUpdate() {
    final Histogram histogram = this.histogram;
    for (int i = 0; i < Batch.CALLS; i++) {
      histogram.update(i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void histogramUpdateLockFree() {
    final Histogram histogram = this.lockFreeHistogram;
    for (int i = 0; i < Batch.CALLS; i++) {
      histogram.update(i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void timerUpdate() {
    final Timer timer = this.timer;
    for (int i = 0; i < Batch.CALLS; i++) {
      timer.update(i + 1, TimeUnit.NANOSECONDS);
    }
  }

  /** {@code Timer.time(Runnable)} around the same empty block as {@code Shortcuts.time(name, Runnable)}. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void timerTimeRunnable() {
    final Timer timer = this.timer;
    for (int i = 0; i < Batch.CALLS; i++) {
      timer.time(JCountersBenchmark.EMPTY_BLOCK);
    }
  }

  /** {@code try (Timer.Context c = timer.time())} around an empty block. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  @SuppressWarnings("try") // the context is only closed: that is the point
  public void timerContext() {
    final Timer timer = this.timer;
    for (int i = 0; i < Batch.CALLS; i++) {
      try (Timer.Context context = timer.time()) {
        // an empty block
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void timerUpdateLockFree() {
    final Timer timer = this.lockFreeTimer;
    for (int i = 0; i < Batch.CALLS; i++) {
      timer.update(i + 1, TimeUnit.NANOSECONDS);
    }
  }
}
