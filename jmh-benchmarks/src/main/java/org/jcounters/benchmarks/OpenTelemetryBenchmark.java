package org.jcounters.benchmarks;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
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
 * OpenTelemetry SDK metrics: instruments built once from a {@link Meter} and kept, exemplars off
 * ({@link ExemplarFilter#alwaysOff()}), one metric reader registered (a pull reader that is never
 * collected during the run: the SDK records only when some reader is registered).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OpenTelemetryBenchmark {
  private final SdkMeterProvider provider = SdkMeterProvider.builder()
      .setExemplarFilter(ExemplarFilter.alwaysOff())
      .registerMetricReader(new IdleReader())
      .build();
  private final Meter meter = provider.get("jcounters-benchmarks");
  private final LongCounter counter = meter.counterBuilder("counter").build();
  private final LongHistogram histogram = meter.histogramBuilder("histogram").ofLongs().build();

  @TearDown(Level.Trial)
  public void close() {
    provider.close();
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void longCounterAdd() {
    final LongCounter counter = this.counter;
    for (int i = 0; i < Batch.CALLS; i++) {
      counter.add(1);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void longHistogramRecord() {
    final LongHistogram histogram = this.histogram;
    for (int i = 0; i < Batch.CALLS; i++) {
      histogram.record(i);
    }
  }

  /** A reader that registers and is never asked to collect. */
  static final class IdleReader implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {
      // never collects
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  }
}
