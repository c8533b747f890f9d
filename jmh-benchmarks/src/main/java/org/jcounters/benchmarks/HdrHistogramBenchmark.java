package org.jcounters.benchmarks;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
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
 * HdrHistogram 2.2: a {@link Recorder} shared by all threads (its writer side is wait-free but every
 * writer touches the same counts array), and a {@link SingleWriterRecorder} per thread, as its
 * documentation prescribes for single writers. Three significant digits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HdrHistogramBenchmark {
  private final Recorder recorder = new Recorder(3);

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void recorderRecordValue() {
    final Recorder recorder = this.recorder;
    for (int i = 0; i < Batch.CALLS; i++) {
      recorder.recordValue(i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void singleWriterRecorderRecordValue(PerThread perThread) {
    final SingleWriterRecorder recorder = perThread.recorder;
    for (int i = 0; i < Batch.CALLS; i++) {
      recorder.recordValue(i);
    }
  }

  /** One recorder per benchmark thread. */
  @State(Scope.Thread)
  public static class PerThread {
    final SingleWriterRecorder recorder = new SingleWriterRecorder(3);
  }
}
