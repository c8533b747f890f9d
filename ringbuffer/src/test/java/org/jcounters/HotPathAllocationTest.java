package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

/** After warm-up the hot path allocates nothing: the allocation counter of the calling thread stays put. */
class HotPathAllocationTest {
  private static final int CALLS = 1_000_000;
  private static final long BUDGET_BYTES = 1024;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void shouldNotAllocateOnValueEvents() {
    Counters.registerIfAbsent(new TotalCounter("alloc_value"));
    int id = Events.id("alloc_value");
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        Events.value(id, i);
      }
    })).isLessThan(BUDGET_BYTES);
  }

  @Test
  void shouldNotAllocateOnStartAndEndEvents() {
    Counters.registerIfAbsent(new AverageTimeCounter("alloc_block"));
    int id = Events.id("alloc_block");
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        Events.start(id);
        Events.end(id);
      }
    })).isLessThan(BUDGET_BYTES);
  }

  @Test
  @SuppressWarnings("try") // the scope is used for its close()
  void shouldNotAllocateInTheTimingScope() {
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        try (Shortcuts.Scope scope = Shortcuts.time("alloc_scope")) {
          Events.occurrence(Events.id("alloc_scope"));
        }
      }
    })).isLessThan(BUDGET_BYTES);
  }

  @Test
  void shouldNotAllocateLookingUpASeenLabelSetAndReportingIt() {
    Counters.registerIfAbsent(new TotalCounter("alloc_labelled"));
    org.jcounters.core.EventFamily family = Events.family("alloc_labelled", "method", "status");
    String[] methods = {"GET", "POST"};
    String[] statuses = {"200", "404", "500"};
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        Events.value(family.id(methods[i & 1], statuses[i % 3]), 1);
      }
    })).isLessThan(BUDGET_BYTES);
    Events.value(family.id("GET", "200"), 1);
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        Events.value(family.id("GET", "200"), 1);
      }
    })).isLessThan(BUDGET_BYTES);
  }

  @Test
  void shouldNotAllocateForEventsNobodyListensTo() {
    int id = Events.id("alloc_unheard");
    assertThat(allocatedBy(() -> {
      for (int i = 0; i < CALLS; i++) {
        Events.value(id, i);
      }
    })).isLessThan(BUDGET_BYTES);
  }

  /** Bytes the calling thread allocates running {@code calls} once more after a warm-up run. */
  private static long allocatedBy(Runnable calls) {
    calls.run(); // warm-up: leases the thread's ring, registers shortcut counters, lets the JIT compile
    calls.run();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    calls.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
