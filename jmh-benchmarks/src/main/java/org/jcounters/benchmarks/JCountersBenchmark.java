package org.jcounters.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.JCounters;
import org.jcounters.Shortcuts;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The JCounters hot path through the static {@link Events} facade on the default engine (a platform
 * thread's own ring of 4,096 slots, {@code FullRingPolicy.FOLD} on a full ring), as an application calls
 * it: ids interned once, then the {@code int} on every call.
 *
 * <p><b>Paced, so that the figure is the publish cost.</b> A thread calling {@code Events.value} back to
 * back reports far more events than one drainer can count: its ring fills and the calls take the full-ring
 * path (folded into an overflow summary: counted, but not the ring's publish). So every benchmark here
 * except {@link #valueOverloaded} is paced: before each batch of {@value Batch#CALLS} calls, outside the
 * timing, the thread waits until its ring has room for the batch (a {@link Pacer}). The drainer runs
 * concurrently, as in production; nothing is folded or dropped, and the {@code folded}, {@code dropped}
 * and {@code lost} secondary results (see {@link Ledger}) prove it. {@link #valueOverloaded} is the same
 * call without pacing: the cost of a call while the ring is full part of the time, with how much was
 * folded. The full-ring path alone is {@link ThreadModelBenchmark#valueFullRing}.
 *
 * <p>A timed block ({@code start}/{@code end}, a shortcut's scope) is one record: the producer measures
 * the duration and publishes it as one TIMING, so a block counts as one event.
 *
 * <p>Each thread reports to its own event names ({@code bench_value.0}, {@code bench_value.1}, ...) so
 * that its pacer knows exactly how far behind the drainer is on its ring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JCountersBenchmark {
  /** The default engine's own-ring size for a platform thread ({@code JCounters.Builder}'s default). */
  static final int RING_CAPACITY = 1 << 12;
  /** The most uncounted events of its own a paced thread leaves before a batch: half the ring minus a batch. */
  static final int PACER_LIMIT = RING_CAPACITY / 2 - Batch.CALLS;
  /** Threads with names of their own; JMH runs here with 1 or 2. */
  static final int MAX_THREADS = 8;

  static final String VALUE = "bench_value.";
  static final String WINDOW = "bench_window_value.";
  static final String DURATION = "bench_duration.";
  static final String OCCURRENCE = "bench_occurrence.";
  static final String BLOCK = "bench_block.";
  static final String SHORTCUT = "bench_shortcut_time.";
  static final String OVERLOADED = "bench_overloaded";
  static final String UNLISTENED = "bench_unlistened";

  private static final int OVERLOADED_ID = Events.id(OVERLOADED);
  private static final int UNLISTENED_ID = Events.id(UNLISTENED);

  /** Per thread index, the tallies of that thread's counters. */
  final List<List<Tally>> talliesByThread = new ArrayList<>();

  @Setup(Level.Trial)
  public void registerCounters(Books books) {
    List<Tally> all = new ArrayList<>();
    for (int t = 0; t < MAX_THREADS; t++) {
      List<Tally> mine = List.of(
          tally(VALUE + t, TotalCounter::new),
          tally(WINDOW + t, AverageWindowCounter::new),
          tally(DURATION + t, AverageTimeCounter::new),
          tally(OCCURRENCE + t, EventCounter::new),
          tally(BLOCK + t, AverageTimeCounter::new),
          tally(SHORTCUT + t, AverageTimeCounter::new)); // registered first: the shortcut finds it and adds none
      talliesByThread.add(mine);
      all.addAll(mine);
    }
    all.add(tally(OVERLOADED, TotalCounter::new));
    books.audit(JCounters.defaultInstance(), all);
  }

  private static Tally tally(String name, Function<String, Counter> type) {
    Tally tally = new Tally(type.apply(name));
    Counters.register(tally);
    return tally;
  }

  /** {@code Events.value(id, v)} to an id a {@link TotalCounter} listens to: the publish cost, ring never full. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void value(Pacer pacer, Ledger ledger) {
    final int id = pacer.valueId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /** {@code Events.value(id, v)} to an id nobody listens to: one flag read. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueUnlistened(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(UNLISTENED_ID, i);
    }
    ledger.ignored(Batch.CALLS);
  }

  /**
   * {@code Events.value(id, v)} back to back, not paced: more events than the drainer counts, so the ring
   * is full part of the time and calls are dropped (see the {@code dropped} secondary result).
   */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueOverloaded(Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(OVERLOADED_ID, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** {@code Events.value(String, v)}: the convenience overload that looks the name up on every call. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueByName(Pacer pacer, Ledger ledger) {
    final String name = pacer.valueName;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(name, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /** A value into an {@link AverageWindowCounter}: the producer's cost must not depend on the counter type. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueIntoWindowCounter(Pacer pacer, Ledger ledger) {
    final int id = pacer.windowId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /**
   * A value into a timing counter ({@link AverageTimeCounter} takes a value event as a duration in
   * nanoseconds measured by the caller, as the peers' {@code Timer.record(d, unit)} does).
   */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void valueIntoTimingCounter(Pacer pacer, Ledger ledger) {
    final int id = pacer.durationId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(id, i);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /** {@code Events.occurrence(id)} into an {@link EventCounter}. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void occurrence(Pacer pacer, Ledger ledger) {
    final int id = pacer.occurrenceId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.occurrence(id);
    }
    pacer.sent(ledger, Batch.CALLS);
  }

  /**
   * A {@code start}/{@code end} pair (two clock reads, one TIMING record with the measured duration) around an
   * empty block, into an {@link AverageTimeCounter}.
   */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void startEnd(Pacer pacer, Ledger ledger) {
    final int id = pacer.blockId;
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.start(id);
      Events.end(id);
    }
    pacer.sent(ledger, Batch.CALLS); // one record per block
  }

  /** An empty block, the same for the peers' timers. */
  static final Runnable EMPTY_BLOCK = () -> { };

  /**
   * {@code Shortcuts.time(name, Runnable)} around an empty block: a name lookup (is the default counter
   * registered?), a scope lookup, then a start/end pair (one record).
   */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void shortcutTimeRunnable(Pacer pacer, Ledger ledger) {
    final String name = pacer.shortcutName;
    for (int i = 0; i < Batch.CALLS; i++) {
      Shortcuts.time(name, EMPTY_BLOCK);
    }
    pacer.sent(ledger, Batch.CALLS); // one record per block
  }

  /** {@code try (Shortcuts.Scope s = Shortcuts.time(name)) {}} around an empty block. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  @SuppressWarnings("try") // the scope is only closed: that is the point
  public void shortcutTimeScope(Pacer pacer, Ledger ledger) {
    final String name = pacer.shortcutName;
    for (int i = 0; i < Batch.CALLS; i++) {
      try (Shortcuts.Scope scope = Shortcuts.time(name)) {
        // an empty block
      }
    }
    pacer.sent(ledger, Batch.CALLS); // one record per block
  }

  /**
   * Keeps one thread's ring from filling: before each invocation (untimed), waits until at most half the
   * ring minus a batch ({@value #PACER_LIMIT} events) of this thread's is uncounted. A counted event's slot
   * is handed back only at the end of the drainer's batch, which takes at most what the ring held when it
   * began (≤ the limit plus one batch): so the ring holds at most 2 × (limit + batch) = the ring's capacity,
   * and never folds. The backlog then reaches the ring's high-water mark (half the ring), where the
   * producer wakes a parked drainer, as in production.
   */
  @State(Scope.Thread)
  public static class Pacer {
    int valueId;
    String valueName;
    int windowId;
    int durationId;
    int occurrenceId;
    int blockId;
    String shortcutName;
    private List<Tally> mine;
    private long sent;

    @Setup(Level.Trial)
    public void pick(JCountersBenchmark bench, ThreadParams thread) {
      int t = thread.getThreadIndex();
      if (t >= MAX_THREADS) {
        throw new IllegalStateException("JCountersBenchmark runs with at most " + MAX_THREADS + " threads");
      }
      valueName = VALUE + t;
      valueId = Events.id(valueName);
      windowId = Events.id(WINDOW + t);
      durationId = Events.id(DURATION + t);
      occurrenceId = Events.id(OCCURRENCE + t);
      blockId = Events.id(BLOCK + t);
      shortcutName = SHORTCUT + t;
      mine = bench.talliesByThread.get(t);
    }

    /** Records a batch of {@code events} reported by this thread, for the pacing and the ledger. */
    void sent(Ledger ledger, long events) {
      sent += events;
      ledger.reported(events);
    }

    @Setup(Level.Invocation)
    public void waitForRoom() {
      final long limit = PACER_LIMIT;
      while (sent - counted() > limit) {
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
