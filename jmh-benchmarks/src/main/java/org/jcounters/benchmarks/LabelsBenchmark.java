package org.jcounters.benchmarks;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.JCounters;
import org.jcounters.core.EventFamily;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Labelled events (issue 9): turning label values into something to record on, and recording.
 *
 * <ul>
 *   <li>{@link #familyId}: {@code EventFamily.id("GET", "200")} on a label set seen before (lock-free,
 *       allocation-free), beside {@link #prometheusLabelValues}: client_java's {@code labelValues("GET", "200")}
 *       on a counter with the same two labels, the lookup its users do per request when label values are
 *       known only then. The label values come from fields, as a request's would.</li>
 *   <li>{@link #valueLabelled}: {@code Events.value(id, v)} on a label set's id, beside {@link #valuePlain}
 *       on a plain id: the same hot path, both paced as in {@link JCountersBenchmark} (the thread waits,
 *       outside the timing, until its ring has room for a batch), so both are the publish cost.</li>
 * </ul>
 * Each thread has its own family and plain name ({@code bench_labels.t}, {@code bench_plain.t}), counted
 * by a {@link Tally}, which makes no series: it hears every label set of its family as its own name.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LabelsBenchmark {
  static final String LABELS = "bench_labels.";
  static final String PLAIN = "bench_plain.";

  final List<List<Tally>> talliesByThread = new ArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  final Counter prometheusCounter = Counter.builder().name("bench_requests_total").labelNames("method", "status").register(registry);
  final EventFamily sharedFamily = Events.family("bench_labels_lookup", "method", "status");
  // Fields, not constants: the JIT must not fold the lookups away.
  String method = "GET";
  String status = "200";

  @Setup(Level.Trial)
  public void registerCounters(Books books) {
    List<Tally> all = new ArrayList<>();
    for (int t = 0; t < JCountersBenchmark.MAX_THREADS; t++) {
      Tally labelled = new Tally(new TotalCounter(LABELS + t));
      Tally plain = new Tally(new TotalCounter(PLAIN + t));
      Counters.register(labelled);
      Counters.register(plain);
      talliesByThread.add(List.of(labelled, plain));
      all.add(labelled);
      all.add(plain);
    }
    sharedFamily.id(method, status); // seen before: the lookups below are hits
    prometheusCounter.labelValues(method, status);
    books.audit(JCounters.defaultInstance(), all);
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void familyId(Blackhole hole) {
    final EventFamily family = sharedFamily;
    for (int i = 0; i < Batch.CALLS; i++) {
      hole.consume(family.id(method, status));
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void prometheusLabelValues(Blackhole hole) {
    final Counter counter = prometheusCounter;
    for (int i = 0; i < Batch.CALLS; i++) {
      hole.consume(counter.labelValues(method, status));
    }
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueLabelled(Pacer pacer, Ledger ledger) {
    final int id = pacer.labelledId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valuePlain(Pacer pacer, Ledger ledger) {
    final int id = pacer.plainId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /** Per thread: its ids, and the wait for room in its ring before each batch (as {@link JCountersBenchmark.Pacer}). */
  @State(Scope.Thread)
  public static class Pacer {
    int labelledId;
    int plainId;
    private List<Tally> mine;
    private long sent;

    @Setup(Level.Trial)
    public void pick(LabelsBenchmark bench, ThreadParams thread) {
      int t = thread.getThreadIndex();
      if (t >= JCountersBenchmark.MAX_THREADS) {
        throw new IllegalStateException("LabelsBenchmark runs with at most " + JCountersBenchmark.MAX_THREADS + " threads");
      }
      labelledId = Events.family(LABELS + t, "method", "status").id("GET", "200");
      plainId = Events.id(PLAIN + t);
      mine = bench.talliesByThread.get(t);
    }

    void sent(Ledger ledger, long events) {
      sent += events;
      ledger.reported(events);
    }

    @Setup(Level.Invocation)
    public void waitForRoom() {
      while (sent - counted() > JCountersBenchmark.PACER_LIMIT) {
        Thread.onSpinWait();
      }
    }

    private long counted() {
      long counted = 0;
      for (int i = 0; i < mine.size(); i++) {
        counted += mine.get(i).received();
      }
      return counted;
    }
  }
}
