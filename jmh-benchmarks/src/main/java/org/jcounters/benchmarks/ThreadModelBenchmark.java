package org.jcounters.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.JCounters;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.counters.TotalCounter;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * {@code Events.value} on the default engine under the thread models of issue 8, each beside a shared
 * {@link LongAdder} doing the same in the same fork. Every JCounters row takes a {@link Ledger}: the
 * {@code lost} secondary result must be 0, {@code folded} says how many events were folded (a full ring, or a shared ring folding first).
 *
 * <ul>
 *   <li>{@link #valueFullRing}: the full-ring path alone. A counter on a dedicated "stall" event blocks
 *       the drainer on a latch for the whole iteration (public API only: the event is published in the
 *       iteration's setup, the latch released before the iteration's books are settled); the thread then
 *       fills its own ring, so every measured call is folded into the ring's overflow summary. Issue 8:
 *       no more than {@code Floors.longAdderIncrement}. {@link #valueFullRingTwoIds}: the same with two
 *       ids in turn, as a loop reporting a value and a timing does.</li>
 *   <li>{@link #pool200Value} / {@link #pool200LongAdder}: {@value #POOL_THREADS} platform threads (a
 *       Tomcat-sized pool, {@code @Threads}) reporting back to back; throughput of all threads together,
 *       and the {@code countedFraction} (must be 1.0) and {@code foldedFraction} secondary results
 *       ({@link Shares}). Beyond the ring budget (8 MiB: 210 own rings) threads share the striped rings.</li>
 *   <li>{@link #eightThreadsValue} / {@link #eightThreadsLongAdder}: {@value #CROWD_THREADS} threads on a
 *       2-core machine, the same.</li>
 *   <li>{@link #virtualThreadsValue} / {@link #virtualThreadsLongAdder}: each invocation runs
 *       {@value #VIRTUAL_TASKS} virtual-thread tasks, each making {@value #VALUES_PER_TASK} calls: ns per
 *       event, thread creation and scheduling included on both sides; {@link #virtualThreadsCountAndSum}, a
 *       count and a sum on two adders: an exact count and sum with the JDK's striped adders. JDK 21+ (the executor is looked up
 *       by reflection, the build being {@code --release 17}); on an older JDK the trial fails with how to
 *       run it: {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar jmh-benchmarks/target/benchmarks.jar
 *       ThreadModelBenchmark.virtual}.</li>
 *   <li>{@link #cpuPerEventValue} / {@link #cpuPerEventLongAdder}: calls back to back (not paced: a
 *       saturated producer, the ring and the fold paths as they come), with the whole process' CPU time
 *       per event as the {@code cpuNsPerEvent} secondary result ({@link CpuMeter}): producers, drainer,
 *       JIT and GC, over each iteration including the drain to a snapshot at its end.</li>
 * </ul>
 *
 * <p>{@code run-benchmarks} runs the full-ring rows and the CPU rows in its 1- and 2-thread runs
 * (beside {@code Floors} and the peers), the pool and 8-thread rows once with their own
 * {@code @Threads}, and the virtual-thread rows once on JDK 25. The timing scope of issue 8 is
 * {@code JCountersBenchmark.startEnd} and {@code shortcutTimeScope} against {@code Floors.nanoTime} and
 * Micrometer's {@code Timer.record(Runnable)} (the report's comparisons).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ThreadModelBenchmark {
  static final int POOL_THREADS = 200;
  static final int CROWD_THREADS = 8;
  static final int VIRTUAL_TASKS = 1_000;
  static final int VALUES_PER_TASK = 100;

  static final String FULL_RING = "tm_full_ring_value";
  static final String FULL_RING_SECOND = "tm_full_ring_second_value";
  static final String STALL = "tm_stall";
  static final String POOL = "tm_pool_value";
  static final String CROWD = "tm_eight_threads_value";
  static final String VIRTUAL = "tm_virtual_value";
  static final String CPU = "tm_cpu_value";

  private static final int FULL_RING_ID = Events.id(FULL_RING);
  private static final int STALL_ID = Events.id(STALL);
  private static final int POOL_ID = Events.id(POOL);
  private static final int CROWD_ID = Events.id(CROWD);
  private static final int FULL_RING_SECOND_ID = Events.id(FULL_RING_SECOND);
  private static final int VIRTUAL_ID = Events.id(VIRTUAL);
  private static final int CPU_ID = Events.id(CPU);

  /** Shared by all threads, as an application shares a counter. */
  final LongAdder adder = new LongAdder();
  /** A second shared adder, for the rows that keep a sum beside a count. */
  final LongAdder sumAdder = new LongAdder();

  @Setup(Level.Trial)
  public void registerCounters(Books books) {
    List<Tally> tallies = List.of(tally(FULL_RING), tally(FULL_RING_SECOND), tally(POOL), tally(CROWD), tally(VIRTUAL), tally(CPU));
    books.audit(JCounters.defaultInstance(), tallies);
  }

  private static Tally tally(String name) {
    Tally tally = new Tally(new TotalCounter(name));
    Counters.register(tally);
    return tally;
  }

  // ------------------------------------------------------------------------------------ the full ring

  /** {@code Events.value(id, v)} while the calling thread's ring is full and the drainer stalled: the fold path. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(Batch.CALLS)
  public void valueFullRing(FullRing ring, Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(FULL_RING_ID, i);
    }
    ledger.reported(Batch.CALLS + ring.takeFilled());
  }

  /** The same with two ids in turn (each with its own counter): ns per event. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(Batch.CALLS)
  public void valueFullRingTwoIds(FullRing ring, Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i += 2) {
      Events.value(FULL_RING_ID, i);
      Events.value(FULL_RING_SECOND_ID, i);
    }
    ledger.reported(Batch.CALLS + ring.takeFilled());
  }

  /**
   * Stalls the default engine's drainer for one iteration: a counter of the {@value #STALL} event
   * blocks in {@code onValue} until released (before the iteration's books are settled, at the latest
   * after 60 s).
   */
  @State(Scope.Benchmark)
  public static class Stall {
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    @Setup(Level.Trial)
    public void register(Books books) {
      Counters.register(new Counter("tm_stall_counter", List.of(STALL)) {
        @Override
        protected void onValue(int event, long value, long nowNanos) {
          entered.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public CounterValue value(long nowNanos) {
          return CounterValue.empty();
        }
      });
      books.beforeSettling(this::release);
    }

    @Setup(Level.Iteration)
    public void stallDrainer() throws InterruptedException {
      release = new CountDownLatch(1);
      entered = new CountDownLatch(1);
      Events.value(STALL_ID, 0);
      if (!entered.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the drainer did not take the stall event within 30 s");
      }
    }

    void release() {
      release.countDown();
    }

    @TearDown(Level.Iteration)
    public void releaseAfterIteration() {
      release();
    }

    @TearDown(Level.Trial)
    public void releaseAfterTrial() {
      release();
    }
  }

  /** Fills the calling thread's own ring while the drainer is stalled: every later call of the iteration is folded. */
  @State(Scope.Thread)
  public static class FullRing {
    /** More than the ring holds: the drainer, stalled, frees no slot. */
    static final int FILL = JCountersBenchmark.RING_CAPACITY + Batch.CALLS;

    /** The fill's events, not yet in the ledger (a helper cannot take the Ledger the benchmark takes: JMH forbids it). */
    private long filled;

    @Setup(Level.Iteration)
    public void fill(Stall stalled) {
      for (int i = 0; i < FILL; i++) {
        Events.value(FULL_RING_ID, 1);
      }
      filled += FILL;
    }

    long takeFilled() {
      long events = filled;
      filled = 0;
      return events;
    }
  }

  // ------------------------------------------------------------------------------------ thread pools

  /** {@value #POOL_THREADS} platform threads calling {@code Events.value(id, v)} back to back: events per µs, all threads. */
  @Benchmark
  @Threads(POOL_THREADS)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(Batch.CALLS)
  public void pool200Value(Ledger ledger, Shares shares) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(POOL_ID, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** The same pool on one shared {@code LongAdder.add(v)}. */
  @Benchmark
  @Threads(POOL_THREADS)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(Batch.CALLS)
  public void pool200LongAdder() {
    final LongAdder adder = this.adder;
    for (int i = 0; i < Batch.CALLS; i++) {
      adder.add(i);
    }
  }

  /** {@value #CROWD_THREADS} threads (on 2 cores) calling {@code Events.value(id, v)} back to back: events per µs, all threads. */
  @Benchmark
  @Threads(CROWD_THREADS)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(Batch.CALLS)
  public void eightThreadsValue(Ledger ledger, Shares shares) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(CROWD_ID, i);
    }
    ledger.reported(Batch.CALLS);
  }

  /** The same threads on one shared {@code LongAdder.add(v)}. */
  @Benchmark
  @Threads(CROWD_THREADS)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(Batch.CALLS)
  public void eightThreadsLongAdder() {
    final LongAdder adder = this.adder;
    for (int i = 0; i < Batch.CALLS; i++) {
      adder.add(i);
    }
  }

  /**
   * Per iteration, thread 0 reports the fraction of the events reported to listened ids that the counters
   * counted ({@code countedFraction}, must be 1.0) and the fraction folded on full rings
   * ({@code foldedFraction}), from a snapshot taken after JMH's tear-down barrier; other threads report 0.
   * JMH sums event counters over threads and iterations, so a measured iteration reports its fraction
   * divided by the number of measured iterations: the result is their mean.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Shares {
    public double countedFraction;
    public double foldedFraction;

    private Books books;
    private boolean settles;
    private long reportedBefore;
    private long countedBefore;
    private long foldedBefore;

    @Setup(Level.Trial)
    public void join(Books books, ThreadParams thread) {
      this.books = books;
      this.settles = thread.getThreadIndex() == 0;
    }

    @TearDown(Level.Iteration)
    public void close(IterationParams iteration) {
      if (!settles) {
        countedFraction = 0;
        foldedFraction = 0;
        return;
      }
      JCounters engine = books.engine();
      engine.snapshot(); // drains every ring and overflow summary
      long reported = books.reportedSoFar();
      long counted = books.countedSoFar();
      long folded = engine.foldedEvents();
      double events = Math.max(1, reported - reportedBefore);
      double iterations = iteration.getType() == IterationType.WARMUP ? 1 : iteration.getCount();
      countedFraction = (counted - countedBefore) / events / iterations;
      foldedFraction = (folded - foldedBefore) / events / iterations;
      reportedBefore = reported;
      countedBefore = counted;
      foldedBefore = folded;
    }
  }

  // ------------------------------------------------------------------------------------ virtual threads

  /** {@value #VIRTUAL_TASKS} virtual-thread tasks, each {@value #VALUES_PER_TASK} × {@code Events.value(id, v)}: ns per event. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(VIRTUAL_TASKS * VALUES_PER_TASK)
  public void virtualThreadsValue(VirtualThreads threads, Ledger ledger) throws InterruptedException {
    threads.runTasks(VALUE_TASK);
    ledger.reported((long) VIRTUAL_TASKS * VALUES_PER_TASK);
  }

  /** The same tasks, each {@value #VALUES_PER_TASK} × {@code LongAdder.add(v)} on one shared adder. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(VIRTUAL_TASKS * VALUES_PER_TASK)
  public void virtualThreadsLongAdder(VirtualThreads threads) throws InterruptedException {
    final LongAdder adder = this.adder;
    threads.runTasks(() -> {
      for (int i = 0; i < VALUES_PER_TASK; i++) {
        adder.add(i);
      }
    });
  }

  /**
   * The same tasks, each {@value #VALUES_PER_TASK} × a count and a sum on two shared {@code LongAdder}s: an exact
   * count and sum kept by threads that share their state, as virtual threads must (no ring of their own), with
   * the JDK's striped adders.
   */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(VIRTUAL_TASKS * VALUES_PER_TASK)
  public void virtualThreadsCountAndSum(VirtualThreads threads) throws InterruptedException {
    final LongAdder count = this.adder;
    final LongAdder sum = this.sumAdder;
    threads.runTasks(() -> {
      for (int i = 0; i < VALUES_PER_TASK; i++) {
        count.increment();
        sum.add(i);
      }
    });
  }

  private static final Runnable VALUE_TASK = () -> {
    for (int i = 0; i < VALUES_PER_TASK; i++) {
      Events.value(VIRTUAL_ID, i);
    }
  };

  /** A virtual-thread-per-task executor (JDK 21+), looked up by reflection so that the module builds with {@code --release 17}. */
  @State(Scope.Benchmark)
  public static class VirtualThreads {
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void start() {
      try {
        executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("virtual threads need JDK 21 or later; this is JDK " + Runtime.version()
            + ". Run: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar jmh-benchmarks/target/benchmarks.jar ThreadModelBenchmark.virtual", e);
      }
    }

    /** Runs {@value #VIRTUAL_TASKS} tasks, each on a virtual thread of its own, and waits for them all. */
    void runTasks(Runnable task) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(VIRTUAL_TASKS);
      Runnable counted = () -> {
        try {
          task.run();
        } finally {
          done.countDown();
        }
      };
      for (int i = 0; i < VIRTUAL_TASKS; i++) {
        executor.execute(counted);
      }
      done.await();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      if (executor != null) {
        executor.shutdown();
        executor.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }

  // ------------------------------------------------------------------------------------ CPU per event

  /** {@code Events.value(id, v)} back to back (not paced), with the process' CPU time per event ({@code cpuNsPerEvent}). */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void cpuPerEventValue(CpuMeter meter, Ledger ledger) {
    for (int i = 0; i < Batch.CALLS; i++) {
      Events.value(CPU_ID, i);
    }
    ledger.reported(Batch.CALLS);
    meter.events += Batch.CALLS;
  }

  /** A shared {@code LongAdder.increment()} back to back, with the process' CPU time per event ({@code cpuNsPerEvent}). */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void cpuPerEventLongAdder(CpuMeter meter) {
    final LongAdder adder = this.adder;
    for (int i = 0; i < Batch.CALLS; i++) {
      adder.increment();
    }
    meter.events += Batch.CALLS;
  }

  /** The process' CPU clock at the start of the iteration, and every thread's meter. */
  @State(Scope.Benchmark)
  public static class CpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    final List<CpuMeter> meters = new CopyOnWriteArrayList<>();
    volatile long startNanos;

    static long processCpuNanos() {
      return OS.getProcessCpuTime();
    }
  }

  /**
   * The whole process' CPU time (every thread: producers, drainer, JIT, GC) per event over an iteration,
   * including the drain to a snapshot at its end (so the drainer's work on this iteration's events is in;
   * the {@code LongAdder} row takes the same snapshot of an engine with nothing to drain). Thread 0
   * reports it, others 0; divided, in measured iterations, by their number (JMH sums event counters over
   * iterations): the result is the mean over the measured iterations.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuMeter {
    public double cpuNsPerEvent;

    long events;
    private long eventsAtStart;
    private boolean settles;
    private CpuClock clock;

    @Setup(Level.Trial)
    public void join(CpuClock clock, ThreadParams thread) {
      this.clock = clock;
      this.settles = thread.getThreadIndex() == 0;
      clock.meters.add(this);
    }

    @Setup(Level.Iteration)
    public void open() {
      eventsAtStart = events;
      if (settles) {
        clock.startNanos = CpuClock.processCpuNanos();
      }
    }

    @TearDown(Level.Iteration)
    public void close(IterationParams iteration) {
      if (!settles) {
        cpuNsPerEvent = 0;
        return;
      }
      JCounters.defaultInstance().snapshot(); // the drain of this iteration's events
      long cpu = CpuClock.processCpuNanos() - clock.startNanos;
      long total = 0;
      for (CpuMeter m : clock.meters) {
        total += m.events - m.eventsAtStart;
      }
      double iterations = iteration.getType() == IterationType.WARMUP ? 1 : iteration.getCount();
      cpuNsPerEvent = total == 0 ? 0 : (double) cpu / total / iterations;
    }
  }
}
