package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every event sent is counted, or counted as dropped: never lost in between. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExactCountingTest {
  private static final int THREADS = 8;
  private static final int EVENTS_PER_THREAD = 1_000_000;

  @Test
  void shouldCountEveryEventExactlyUnderTheWaitingPolicy() throws Exception {
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).ringCapacity(1 << 12).build()) {
      engine.register(new TotalCounter("bytes"));
      engine.register(new EventCounter("requests", List.of("bytes")));
      int id = engine.id("bytes");

      runConcurrently(THREADS, thread -> {
        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
          engine.value(id, thread + 1);
        }
      });

      Snapshot snapshot = engine.snapshot();
      long expectedTotal = (long) EVENTS_PER_THREAD * (THREADS * (THREADS + 1) / 2);
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("bytes")).isEqualTo(new CounterValue.LongSum(expectedTotal));
      // An EventCounter fed value events adds their values, as PyCounters' does.
      assertThat(snapshot.value("requests")).isEqualTo(new CounterValue.LongSum(expectedTotal));
    }
  }

  @ParameterizedTest(name = "batch limit {0}")
  @ValueSource(ints = {1, 4096})
  void shouldCountValuesOfEveryWidthExactlyThroughManyLapsOfAnOwnRing(int batchLimit) throws Exception {
    // An own ring keeps a value of up to 37 bits in one word and a larger one in two: mixed, they
    // wrap the ring at every offset, and the drainer must pair each two-word record whole, even
    // when its batch limit falls between the two words.
    long[] values = {1, -1, (1L << 36) - 1, -(1L << 36), 1L << 36, -(1L << 36) - 1, 1L << 50, -(1L << 50) + 7, 3};
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.WAIT).ringCapacity(1 << 6).batchLimit(batchLimit).build()) {
      engine.register(new TotalCounter("mixed"));
      engine.register(new EventCounter("mixed_count", List.of("mixed")));
      int id = engine.id("mixed");
      long expected = 0;
      int events = 100_003;
      for (int i = 0; i < events; i++) {
        long v = values[i % values.length];
        engine.value(id, v);
        expected += v;
      }
      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("mixed")).isEqualTo(new CounterValue.LongSum(expected));
      assertThat(engine.placement().ownRings()).as("the events went through an own ring").isEqualTo(1);
    }
  }

  @Test
  void shouldAccountForEveryEventAsCountedOrDroppedUnderTheDroppingPolicy() throws Exception {
    // A small ring and a lazy drainer: producers in tight loops overrun it, so events are dropped.
    try (JCounters engine = JCounters.builder().fullRingPolicy(FullRingPolicy.DROP).ringCapacity(1 << 8).build()) {
      engine.register(new TotalCounter("ones"));
      int id = engine.id("ones");

      runConcurrently(THREADS, thread -> {
        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
          engine.value(id, 1);
        }
      });

      Snapshot snapshot = engine.snapshot();
      long counted = (Long) snapshot.reportValue("ones");
      assertThat(counted + snapshot.droppedEvents()).isEqualTo((long) THREADS * EVENTS_PER_THREAD);
      assertThat(snapshot.droppedEvents()).as("a 256-slot ring cannot absorb 8 tight loops").isPositive();
    }
  }

  @Test
  void shouldIncludeAThreadsLastValueInASnapshotTakenRightAfterIt() throws Exception {
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("last"));
      int id = engine.id("last");
      for (int round = 1; round <= 200; round++) {
        engine.value(id, 1);
        assertThat(engine.snapshot().reportValue("last")).isEqualTo((long) round);
      }
      // The same from another thread, seen by the thread that joined it.
      Thread other = new Thread(() -> engine.value(id, 1000));
      other.start();
      other.join();
      assertThat(engine.snapshot().reportValue("last")).isEqualTo(1200L);
    }
  }

  @Test
  void shouldCountExactlyAcrossTenThousandShortLivedThreadsAndRecycleTheirRings() throws Exception {
    try (JCounters engine = JCounters.builder().build()) { // the defaults: FOLD, 4,096-slot rings within 8 MiB
      engine.register(new TotalCounter("short"));
      int id = engine.id("short");
      int threads = 10_000;
      int perThread = 100;
      int concurrency = 4;
      int peakRings = 0;
      for (int batch = 0; batch < threads / concurrency; batch++) {
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
          Thread thread = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
              engine.value(id, 1);
            }
          });
          thread.start();
          running.add(thread);
        }
        for (Thread thread : running) {
          thread.join();
        }
        peakRings = Math.max(peakRings, engine.liveRings());
      }

      Snapshot snapshot = engine.snapshot();
      System.out.printf("10,000 short-lived threads x 100 values: %,d counted, %,d dropped, %,d were folded, "
              + "at most %d own rings leased at once, %d allocated (budget %d)%n",
          (Long) snapshot.reportValue("short"), snapshot.droppedEvents(), engine.foldedEvents(), peakRings,
          engine.liveRings() + engine.pooledRings(), engine.maxOwnRings());
      assertThat(snapshot.reportValue("short")).isEqualTo((long) threads * perThread);
      // Every producer is dead: within a few reap intervals the live rings fall back to zero.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.liveRings() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(engine.liveRings()).isZero();
      assertThat(engine.pooledRings()).as("every ring ever allocated is within the budget").isLessThanOrEqualTo(engine.maxOwnRings());
      assertThat(peakRings).as("rings are recycled while threads come and go, not one kept per dead thread").isLessThanOrEqualTo(engine.maxOwnRings());
      assertThat(engine.droppedEvents()).isZero();
    }
  }

  interface PerThread {
    void run(int thread) throws Exception;
  }

  static void runConcurrently(int threads, PerThread body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        try {
          start.await();
          body.run(index);
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      thread.start();
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join(TimeUnit.SECONDS.toMillis(100));
    }
    assertThat(failures).isEmpty();
  }
}
