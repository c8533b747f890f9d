package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.junit.jupiter.api.Test;

/** The drainer sleeps when there is nothing to do, and wakes when a ring fills up. */
class DrainerPacingTest {

  @Test
  void shouldNotBurnACoreWhenIdle() throws Exception {
    String name = "idle-test-drainer";
    try (JCounters engine = JCounters.builder().drainerThreadName(name).build()) {
      engine.register(new CountingCounter("idle", new CountDownLatch(1)));
      engine.value("idle", 1);
      engine.snapshot();
      Thread.sleep(200); // let it back off to parking
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long drainerId = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals(name)).findFirst().orElseThrow().getId();
      long cpuBefore = threads.getThreadCpuTime(drainerId);
      Thread.sleep(1000);
      long cpuNanos = threads.getThreadCpuTime(drainerId) - cpuBefore;
      // A spinning drainer would use about 1,000 ms of CPU in this second; a parked one a few.
      assertThat(TimeUnit.NANOSECONDS.toMillis(cpuNanos)).isLessThan(100);
    }
  }

  @Test
  void shouldBeWokenByAProducerPastTheHighWaterMark() throws Exception {
    int capacity = 1 << 10;
    int events = capacity * 3 / 4; // past the half-ring high-water mark, short of full
    // The warm-up event and the first half ring: the wake-up comes when the backlog reaches half the
    // ring, and the drainer then takes what is there. The rest of the burst may wait for its next wake.
    CountDownLatch drained = new CountDownLatch(1 + capacity / 2);
    // Once idle, this drainer parks for 30 s at a time: only a wake-up can make it drain sooner.
    BackoffIdleStrategy sleepy = new BackoffIdleStrategy(0, 0, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(30));
    try (JCounters engine = JCounters.builder().ringCapacity(capacity).idleStrategy(sleepy).build()) {
      engine.register(new CountingCounter("burst", drained));
      int id = engine.id("burst");
      engine.value(id, 1); // leases this thread's ring now, so that the burst below wakes nobody by leasing
      engine.snapshot();
      Thread.sleep(100); // the drainer goes idle and parks
      for (int i = 0; i < events; i++) {
        engine.value(id, 1);
      }
      assertThat(drained.await(10, TimeUnit.SECONDS)).as("drained without a snapshot, long before the 30 s park ended").isTrue();
      assertThat(engine.snapshot().droppedEvents()).isZero();
    }
  }

  /** Counts values down a latch, on the drainer thread. */
  private static final class CountingCounter extends Counter {
    private final CountDownLatch latch;

    CountingCounter(String name, CountDownLatch latch) {
      super(name);
      this.latch = latch;
    }

    @Override
    public void onValue(int event, long value, long nowNanos) {
      latch.countDown();
    }

    @Override
    public CounterValue value(long nowNanos) {
      return new CounterValue.LongSum(latch.getCount());
    }
  }
}
