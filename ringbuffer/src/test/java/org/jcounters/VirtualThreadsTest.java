package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads (JDK 21+) on the default engine, as a service runs them: a million short tasks,
 * at most 10,000 alive, each timing a block around ten values. Runs in a JVM of its own on JDK 25
 * with {@code -Xmx512m} (the {@code virtual-threads} Surefire execution); skipped on older JDKs.
 */
class VirtualThreadsTest {
  private static final int TASKS = 1_000_000;
  private static final int ALIVE = 10_000;
  private static final int VALUES_PER_TASK = 10;
  private static final int RUNS = 5;

  @Test
  @SuppressWarnings("try") // the scope is used for its close
  void shouldCountAMillionVirtualThreadTasksExactlyInBoundedMemoryAndTime() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is JDK " + Runtime.version());
    Counters.register(new TotalCounter("vt_values"));
    int values = Events.id("vt_values");
    LongAdder baselineValues = new LongAdder();
    LongAdder baselineNanos = new LongAdder();

    Runnable jcounters = () -> {
      try (Shortcuts.Scope scope = Shortcuts.time("vt_block")) {
        for (int i = 0; i < VALUES_PER_TASK; i++) {
          Events.value(values, 1);
        }
      }
    };
    Runnable peers = () -> { // the same work recorded the way a LongAdder user would
      long start = System.nanoTime();
      for (int i = 0; i < VALUES_PER_TASK; i++) {
        baselineValues.add(1);
      }
      baselineNanos.add(System.nanoTime() - start);
    };

    // Rings leased so far, to whatever platform thread published before (none when this JVM runs this test alone).
    long leasesBefore = JCounters.defaultInstance().ringLeases();
    runTasks(peers, TASKS / 10); // warm-up, both paths
    runTasks(jcounters, TASKS / 10);
    Snapshot warm = JCounters.defaultInstance().snapshot();

    // Best of five, alternating, so that a burst of load on this shared machine (or its slow mode, which
    // lasts seconds) hits both alike.
    long peersNanos = Long.MAX_VALUE;
    long jcountersNanos = Long.MAX_VALUE;
    for (int run = 0; run < RUNS; run++) {
      peersNanos = Math.min(peersNanos, runTasks(peers, TASKS));
      jcountersNanos = Math.min(jcountersNanos, runTasks(jcounters, TASKS));
    }
    Snapshot snapshot = JCounters.defaultInstance().snapshot();

    long valuesCounted = (Long) snapshot.reportValue("vt_values") - (Long) warm.reportValue("vt_values");
    long blocksTimed = ((CounterValue.Average) snapshot.value("vt_block")).count() - ((CounterValue.Average) warm.value("vt_block")).count();
    System.out.printf("virtual threads, %d x %,d tasks (<= %,d alive), JDK %s, max heap %,d MiB: JCounters %,d ms, LongAdder %,d ms (%.2fx); "
            + "%,d values, %,d timed blocks, %,d were folded, %,d dropped, own rings leased to virtual threads %d%n",
        RUNS, TASKS, ALIVE, Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
        TimeUnit.NANOSECONDS.toMillis(jcountersNanos), TimeUnit.NANOSECONDS.toMillis(peersNanos),
        (double) jcountersNanos / peersNanos, valuesCounted, blocksTimed, JCounters.defaultInstance().foldedEvents(),
        snapshot.droppedEvents(), JCounters.defaultInstance().ringLeases() - leasesBefore);

    assertThat(valuesCounted).isEqualTo((long) RUNS * TASKS * VALUES_PER_TASK);
    assertThat(blocksTimed).isEqualTo((long) RUNS * TASKS);
    assertThat(snapshot.droppedEvents()).isZero();
    assertThat(JCounters.defaultInstance().ringLeases()).as("a virtual thread never owns a ring").isEqualTo(leasesBefore);
    assertThat(jcountersNanos).as("wall time against LongAdders doing the same work").isLessThanOrEqualTo(2 * peersNanos);
  }

  /** Runs {@code tasks} virtual-thread tasks, at most {@link #ALIVE} at a time; returns the wall time in nanoseconds. */
  private static long runTasks(Runnable task, int tasks) throws Exception {
    ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    Semaphore alive = new Semaphore(ALIVE);
    long started = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      alive.acquire();
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          alive.release();
        }
      });
    }
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    return System.nanoTime() - started;
  }
}
