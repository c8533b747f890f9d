package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.jcounters.JCounters;
import org.jcounters.counters.TotalCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the overloaded call has a long tail: the same sampled call as {@link OverloadLatencyBenchmark}, on
 * engines that differ only in how the drainer waits when it finds little to do. {@code backoff} is the
 * default (park from 50 µs up to 10 ms, woken by producers when a ring passes its high-water mark or is
 * full); {@code yielding} never parks, so no producer ever has to wake it. If the tail shrinks to the
 * controls' without parking, it is the producers' wake-ups of a parked drainer (an unpark in the
 * call, and the producer descheduled in favour of the thread it woke) that cost it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DrainerWakeLatencyBenchmark {
  static final String EVENT = "wake_value";

  @Param({"backoff", "yielding"})
  public String drainerIdle;

  private JCounters engine;
  private int id;

  @Setup(Level.Trial)
  public void start(Books books) {
    IdleStrategy idle = switch (drainerIdle) {
      case "backoff" -> new BackoffIdleStrategy(0, 0, 50_000, 10_000_000); // the default engine's
      case "yielding" -> new YieldingIdleStrategy();
      default -> throw new IllegalArgumentException(drainerIdle);
    };
    engine = JCounters.builder().idleStrategy(idle).drainerThreadName("bench-drainer").build();
    Tally tally = new Tally(new TotalCounter(EVENT));
    engine.register(tally);
    id = engine.id(EVENT);
    books.audit(engine, List.of(tally));
  }

  @TearDown(Level.Trial)
  public void stop() {
    engine.close();
  }

  /** One listened-to value, under overload. */
  @Benchmark
  public void valueUnderOverload(Ledger ledger) {
    engine.value(id, 42);
    ledger.reported(1);
  }
}
