package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

/** The counters' callbacks run on the drainer for every event: they must not allocate. */
class CountersAllocationTest {
  private static final int EVENTS = 10_000;

  @Test
  void shouldNotAllocateWhileCountingEvents() {
    measure(false);
  }

  /** Folded values and timings, with and without a histogram, in O(1) and without allocating. */
  @Test
  void shouldNotAllocateWhileFoldingValuesAndTimings() {
    measure(true);
  }

  private static void measure(boolean foldValuesAndTimings) {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean, "needs allocation counters");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "needs allocation counters");

    EventNames names = new EventNames(32);
    EventDispatcher dispatcher = new EventDispatcher(names);
    ValueAccumulator accumulator = new ValueAccumulator("acc", List.of("value"));
    dispatcher.add(new TotalCounter("value"));
    dispatcher.add(new EventCounter("count", List.of("value", "block")));
    dispatcher.add(new AverageWindowCounter("avg", List.of("value")));
    dispatcher.add(new FrequencyCounter("freq", List.of("block")));
    dispatcher.add(new WindowCounter("window", List.of("block")));
    dispatcher.add(new MaxWindowCounter("max", List.of("value")));
    dispatcher.add(new MinWindowCounter("min", List.of("value")));
    dispatcher.add(new AverageTimeCounter("block"));
    dispatcher.add(PercentileWindowCounter.ofTimings("block_percentiles").events(List.of("block", "inner")).build());
    dispatcher.add(PercentileWindowCounter.ofValues("value_percentiles").events(List.of("value")).build());
    dispatcher.add(new ThreadTimeCategorizer("tc", List.of("block", "inner")));
    dispatcher.add(new AverageTimeCounter("tc.inner")); // receives the categorizer's raised timings
    dispatcher.add(accumulator);
    dispatcher.add(new TotalCounter("acc.value"));
    int value = names.id("value");
    int block = names.id("block");
    int inner = names.id("inner");
    Folds folds = new Folds();

    long now = -5_000_000_000L;
    // Warm-up: first use of each thread's state, and the JIT's compilations. A compiled method that
    // is deoptimized later re-allocates the objects it had scalar-replaced, a few KiB at most once:
    // so measure three runs, and require the best to allocate nothing and none to allocate per event.
    for (int run = 0; run < 3; run++) {
      now = drive(dispatcher, accumulator, folds, foldValuesAndTimings, value, block, inner, now, EVENTS);
    }
    threads.getThreadAllocatedBytes(Thread.currentThread().getId()); // the measure's own first-call costs
    long fewest = Long.MAX_VALUE;
    long most = 0;
    for (int run = 0; run < 3; run++) {
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      now = drive(dispatcher, accumulator, folds, foldValuesAndTimings, value, block, inner, now, EVENTS);
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      fewest = Math.min(fewest, allocated);
      most = Math.max(most, allocated);
    }

    assertThat(fewest).as("bytes allocated by the best run of 10,000 rounds of events").isLessThan(1_024);
    // One object per event would be at least 16 bytes x 80,000 dispatches = 1,280,000 bytes.
    assertThat(most).as("bytes allocated by the worst run of 10,000 rounds of events").isLessThan(16_384);
  }

  /** The drainer's reused summaries of folded events, as the engine keeps them. */
  private static final class Folds {
    final FoldedEvents values = new FoldedEvents();
    final FoldedEvents durations = new FoldedEvents();
    final Histogram histogram = new Histogram(1, 3_600_000_000_000L, 2); // the percentile counters' configuration

    Folds() {
      histogram.recordValue(1_000);
      histogram.recordValue(3_000);
      histogram.recordValue(5_000);
    }
  }

  private static long drive(EventDispatcher dispatcher, ValueAccumulator accumulator, Folds folds, boolean foldValuesAndTimings,
      int value, int block, int inner, long now, int events) {
    for (int i = 0; i < events; i++) {
      now += 7_000_000L; // 7 ms apart: the windows roll over buckets as they go
      long thread = 1 + i % 8; // threads come and go: the categorizer takes and gives back their state
      dispatcher.value(value, i, now);
      // A block with an inner block: raw starts and ends for the categorizer, durations for the others.
      dispatcher.start(block, thread, now);
      dispatcher.start(inner, thread, now + 1_000);
      dispatcher.end(inner, thread, now + 2_000);
      dispatcher.timing(inner, 1_000, now + 2_000);
      dispatcher.end(block, thread, now + 3_000);
      dispatcher.timing(block, 3_000, now + 3_000);
      if (i % 10 == 0) { // the drainer fell behind: folded events
        dispatcher.occurrences(block, 3, now);
        if (foldValuesAndTimings) {
          dispatcher.values(value, folds.values.set(3, 3 * i, i - 1, i + 1, null), now);
          dispatcher.timings(block, folds.durations.set(3, 9_000, 1_000, 5_000, folds.histogram), now);
        }
      }
      if (i % 100 == 0) {
        accumulator.raiseValueEvents(now, true);
      }
    }
    return now;
  }
}
