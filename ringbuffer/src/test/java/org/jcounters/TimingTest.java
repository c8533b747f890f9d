package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.ThreadTimeCategorizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts and ends pair per thread, on the producer's clock, through the real rings and drainer. */
class TimingTest {
  private final ManualClock clock = new ManualClock();
  private JCounters engine;
  private ExecutorService threadA;
  private ExecutorService threadB;

  @BeforeEach
  void setUp() {
    engine = JCounters.builder().clock(clock).fullRingPolicy(FullRingPolicy.WAIT).build();
    threadA = Executors.newSingleThreadExecutor();
    threadB = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    threadA.shutdownNow();
    threadB.shutdownNow();
  }

  @Test
  void shouldPairInterleavedAndNestedBlocksPerThread() throws Exception {
    pairInterleavedAndNestedBlocks();
  }

  /** The same on shared rings, where virtual threads (and platform threads beyond the ring budget) publish. */
  @Test
  void shouldPairInterleavedAndNestedBlocksPerThreadOnSharedRings() throws Exception {
    engine.close();
    engine = JCounters.builder().clock(clock).ringBudget(0).build();
    pairInterleavedAndNestedBlocks();
    assertThat(engine.liveRings()).as("no thread had a ring of its own").isZero();
  }

  private void pairInterleavedAndNestedBlocks() throws Exception {
    engine.register(new AverageTimeCounter("request"));
    engine.register(new AverageTimeCounter("db"));
    engine.register(new ThreadTimeCategorizer("split", List.of("request", "db")));
    engine.register(new AverageTimeCounter("split.request"));
    int request = engine.id("request");
    int db = engine.id("db");

    on(threadA, () -> engine.start(request)); //   0 ms  A: request starts
    clock.advanceMillis(5);
    on(threadB, () -> engine.start(request)); //   5 ms  B: request starts
    clock.advanceMillis(5);
    on(threadA, () -> engine.start(db)); //       10 ms  A: db starts, pausing A's request
    clock.advanceMillis(20);
    on(threadA, () -> engine.end(db)); //         30 ms  A: db ends after 20 ms
    clock.advanceMillis(15);
    on(threadB, () -> engine.end(request)); //    45 ms  B: request ends after 40 ms
    clock.advanceMillis(55);
    on(threadA, () -> engine.end(request)); //   100 ms  A: request ends after 100 ms (80 ms outside db)

    Snapshot snapshot = engine.snapshot();
    assertAverage(snapshot.value("request"), 0.070, 2); // (100 + 40) / 2 ms
    assertAverage(snapshot.value("db"), 0.020, 1);
    // The categorizer splits each thread's time: A spent 80 ms in request alone and 20 in db; B 40 in request.
    assertThat(snapshot.value("split")).isInstanceOf(CounterValue.Accumulated.class);
    Map<String, CounterValue> split = ((CounterValue.Accumulated) snapshot.value("split")).entries();
    assertThat(((CounterValue.DoubleSum) split.get("request")).value()).isCloseTo(0.120, within(1e-9));
    assertThat(((CounterValue.DoubleSum) split.get("db")).value()).isCloseTo(0.020, within(1e-9));
    // When a thread's outermost category ends, its episode's request time is raised: 80 ms (A), 40 ms (B).
    assertAverage(snapshot.value("split.request"), 0.060, 2);
  }

  @Test
  void shouldPairRecursiveBlocksInnermostFirst() throws Exception {
    engine.register(new AverageTimeCounter("recursive"));
    int id = engine.id("recursive");
    on(threadA, () -> engine.start(id)); //   0 ms
    clock.advanceMillis(10);
    on(threadA, () -> engine.start(id)); //  10 ms
    clock.advanceMillis(10);
    on(threadA, () -> engine.end(id)); //    20 ms: inner block, 10 ms
    clock.advanceMillis(10);
    on(threadA, () -> engine.end(id)); //    30 ms: outer block, 30 ms

    assertAverage(engine.snapshot().value("recursive"), 0.020, 2);
  }

  @Test
  void shouldNotPairAnEndWithAStartOfAnotherThread() throws Exception {
    engine.register(new AverageTimeCounter("cross"));
    int id = engine.id("cross");
    on(threadA, () -> engine.start(id));
    clock.advanceMillis(10);
    on(threadB, () -> engine.end(id)); // B never started: no timing

    assertThat(engine.snapshot().value("cross")).isEqualTo(CounterValue.empty());
  }

  @Test
  void shouldTakeADurationMeasuredByTheCallerAsOneBlock() throws Exception {
    engine.register(new AverageTimeCounter("measured"));
    int id = engine.id("measured");
    on(threadA, () -> engine.durationNanos(id, 10_000_000)); // 10 ms
    on(threadB, () -> engine.durationNanos(id, 30_000_000)); // 30 ms
    assertAverage(engine.snapshot().value("measured"), 0.020, 2);
  }

  private static void assertAverage(CounterValue value, double seconds, long count) {
    assertThat(value).isInstanceOf(CounterValue.Average.class);
    CounterValue.Average average = (CounterValue.Average) value;
    assertThat(average.mean()).isCloseTo(seconds, within(1e-9));
    assertThat(average.count()).isEqualTo(count);
  }

  private static void on(ExecutorService thread, Runnable step) throws Exception {
    thread.submit(step).get(10, TimeUnit.SECONDS);
  }
}
