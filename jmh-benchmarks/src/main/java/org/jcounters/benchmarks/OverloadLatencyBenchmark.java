package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.JCounters;
import org.jcounters.counters.TotalCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of one {@code Events.value} call while the producers overload the drainer: every thread
 * calls it back to back, far faster than one drainer counts, so the ring is full much of the time and
 * the default {@code FOLD} policy is exercised (the event folded into an overflow summary by the caller:
 * see the {@code folded} secondary result). The call must never block: JMH samples single calls
 * ({@link Mode#SampleTime}) and reports p99, p99.9 and the maximum. Each sample includes one
 * {@link System#nanoTime()} (see {@link Floors#nanoTime}), about 25 ns on a virtual machine.
 *
 * <p>The same run samples two controls with the same harness: an empty method and a shared
 * {@link LongAdder#increment()}. Their high percentiles are the floor this machine allows (timer
 * interrupts, a hypervisor taking the virtual CPU, other processes): a call's p99.9 can be read only
 * against theirs.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OverloadLatencyBenchmark {
  static final String EVENT = "overload_value";
  private static final int ID = Events.id(EVENT);

  @Setup(Level.Trial)
  public void registerCounter(Books books) {
    Tally tally = new Tally(new TotalCounter(EVENT));
    Counters.register(tally);
    books.audit(JCounters.defaultInstance(), List.of(tally));
  }

  private final LongAdder adder = new LongAdder();

  /** Control: an empty method, sampled the same way (the harness, the timer and the machine). */
  @Benchmark
  public void controlEmpty() {
    // nothing: the floor of a sample
  }

  /** Control: a shared {@code LongAdder.increment()}, sampled the same way. */
  @Benchmark
  public void controlLongAdder() {
    adder.increment();
  }

  /** One listened-to value, under overload. */
  @Benchmark
  public void valueUnderOverload(Ledger ledger) {
    Events.value(ID, 42);
    ledger.reported(1);
  }
}
