package org.jcounters.benchmarks;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
 * Prometheus client_java 1.x, as its performance documentation recommends: the data point of a label
 * set looked up once ({@code labelValues(...)}) and kept, then {@code inc()} / {@code observe()} on it.
 * The histogram is a classic one (fixed buckets), the usual choice for latency.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PrometheusBenchmark {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CounterDataPoint counter =
      Counter.builder().name("counter_total").labelNames("path").register(registry).labelValues("/");
  private final DistributionDataPoint histogram =
      Histogram.builder().name("histogram_seconds").classicOnly().labelNames("path").register(registry).labelValues("/");

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void counterDataPointInc() {
    final CounterDataPoint counter = this.counter;
    for (int i = 0; i < Batch.CALLS; i++) {
      counter.inc();
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void histogramObserve() {
    final DistributionDataPoint histogram = this.histogram;
    for (int i = 0; i < Batch.CALLS; i++) {
      histogram.observe(i * 1e-6);
    }
  }
}
