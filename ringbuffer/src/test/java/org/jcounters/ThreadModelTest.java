package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.counters.MaxWindowCounter;
import org.jcounters.counters.MinWindowCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default engine under the thread models services run: a pool of hundreds of platform threads,
 * more busy threads than cores, hot loops, a drainer that fails or a producer that never publishes
 * a slot it claimed. Counts are exact and memory stays within the budget; nothing here sleeps to
 * synchronise.
 */
class ThreadModelTest {

  @Test
  void shouldCountExactlyWithTwoHundredPlatformThreadsAndKeepTheHeapFlat() throws Exception {
    int threads = 200;
    int perThread = 100_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("pool"));
      int id = engine.id("pool");
      engine.snapshot();
      long before = retainedHeap(memory);

      CountDownLatch done = new CountDownLatch(threads);
      CountDownLatch release = new CountDownLatch(1);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> pool = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              engine.value(id, 1);
            }
            done.countDown();
            release.await(); // alive while the heap is measured
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        thread.start();
        pool.add(thread);
      }
      assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
      Snapshot snapshot = engine.snapshot();
      long retained = retainedHeap(memory) - before;
      release.countDown();
      for (Thread thread : pool) {
        thread.join();
      }

      System.out.printf("200 threads x 100,000 values: %,d counted, %,d were folded, %,d dropped, "
              + "heap retained with the threads alive: %,d KiB, own rings %d of %d%n",
          (Long) snapshot.reportValue("pool"), engine.foldedEvents(), snapshot.droppedEvents(), retained / 1024,
          engine.liveRings() + engine.pooledRings(), engine.maxOwnRings());
      assertThat(snapshot.reportValue("pool")).isEqualTo((long) threads * perThread);
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(retained).as("heap retained by the engine for 200 live threads").isLessThanOrEqualTo(16L << 20);
    }
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2, 8})
  void shouldKeepEveryContributionWhenThreadsOutrunTheDrainer(int threads) throws Exception {
    long runNanos = TimeUnit.MILLISECONDS.toNanos(1_500);
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("v_total", List.of("v")));
      engine.register(new MinWindowCounter("v_min", List.of("v")));
      engine.register(new MaxWindowCounter("v_max", List.of("v")));
      engine.register(new AverageWindowCounter("v_avg", List.of("v")));
      engine.register(PercentileWindowCounter.ofValues("v_pct").events(List.of("v")).build());
      engine.register(new AverageTimeCounter("t_time", List.of("t")));
      engine.register(new FrequencyCounter("t_freq", List.of("t")));
      // w: no percentile counter, so that a full ring folds it into a run cell while the drainer reads it
      engine.register(new TotalCounter("w_total", List.of("w")));
      engine.register(new MinWindowCounter("w_min", List.of("w")));
      engine.register(new MaxWindowCounter("w_max", List.of("w")));
      int v = engine.id("v");
      int w = engine.id("w");
      int t = engine.id("t");
      AtomicLong sum = new AtomicLong();
      AtomicLong values = new AtomicLong();
      AtomicLong blocks = new AtomicLong();
      AtomicLong min = new AtomicLong(Long.MAX_VALUE);
      AtomicLong max = new AtomicLong(Long.MIN_VALUE);
      AtomicLong wSum = new AtomicLong();
      AtomicLong wMin = new AtomicLong(Long.MAX_VALUE);
      AtomicLong wMax = new AtomicLong(Long.MIN_VALUE);
      long[] firstNanos = {Long.MAX_VALUE};

      long started = System.nanoTime();
      ExactCountingTest.runConcurrently(threads, thread -> {
        long mySum = 0;
        long myValues = 0;
        long myBlocks = 0;
        long myMin = Long.MAX_VALUE;
        long myMax = Long.MIN_VALUE;
        long myWSum = 0;
        long myWMin = Long.MAX_VALUE;
        long myWMax = Long.MIN_VALUE;
        long deadline = System.nanoTime() + runNanos;
        synchronized (firstNanos) {
          firstNanos[0] = Math.min(firstNanos[0], System.nanoTime());
        }
        while (System.nanoTime() < deadline) {
          for (int i = 0; i < 1_000; i++) {
            long value = (i * 7919L + thread) % 10_000 + 1; // 1 to 10,000
            engine.value(v, value);
            mySum += value;
            myValues++;
            myMin = Math.min(myMin, value);
            myMax = Math.max(myMax, value);
            if ((i & 3) != 0) { // runs of three w between the v
              long wValue = ((i + thread) * 104_729L) % 20_001 - 10_000; // -10,000 to 10,000
              engine.value(w, wValue);
              myWSum += wValue;
              myWMin = Math.min(myWMin, wValue);
              myWMax = Math.max(myWMax, wValue);
            }
          }
          engine.start(t);
          engine.value(v, 5_000);
          mySum += 5_000;
          myValues++;
          engine.end(t);
          myBlocks++;
        }
        sum.addAndGet(mySum);
        values.addAndGet(myValues);
        blocks.addAndGet(myBlocks);
        min.accumulateAndGet(myMin, Math::min);
        max.accumulateAndGet(myMax, Math::max);
        wSum.addAndGet(myWSum);
        wMin.accumulateAndGet(myWMin, Math::min);
        wMax.accumulateAndGet(myWMax, Math::max);
      });
      Snapshot snapshot = engine.snapshot();
      double elapsedSeconds = (System.nanoTime() - Math.min(started, firstNanos[0])) / 1e9;

      System.out.printf("%d thread(s) back to back: %,d values, %,d blocks, %,d were folded, %,d dropped%n",
          threads, values.get(), blocks.get(), engine.foldedEvents(), snapshot.droppedEvents());
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("v_total")).isEqualTo(new CounterValue.LongSum(sum.get()));
      assertThat(snapshot.value("v_min")).isEqualTo(new CounterValue.Min(min.get()));
      assertThat(snapshot.value("v_max")).isEqualTo(new CounterValue.Max(max.get()));
      assertThat(snapshot.value("w_total")).isEqualTo(new CounterValue.LongSum(wSum.get()));
      assertThat(snapshot.value("w_min")).isEqualTo(new CounterValue.Min(wMin.get()));
      assertThat(snapshot.value("w_max")).isEqualTo(new CounterValue.Max(wMax.get()));
      CounterValue.Average average = (CounterValue.Average) snapshot.value("v_avg");
      assertThat(average.count()).isEqualTo(values.get());
      assertThat(average.mean()).isCloseTo((double) sum.get() / values.get(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(((CounterValue.Distribution) snapshot.value("v_pct")).count()).isEqualTo(values.get());
      assertThat(((CounterValue.Average) snapshot.value("t_time")).count()).isEqualTo(blocks.get());
      // The documented bound: a block enters the window at most one drainer pass late, so the rate
      // over the run is the blocks over its length, within 5 %.
      double frequency = ((CounterValue.DoubleSum) snapshot.value("t_freq")).value();
      double expected = blocks.get() / elapsedSeconds;
      assertThat(frequency).isBetween(expected * 0.95, expected * 1.10);
    }
  }

  @Test
  void shouldFoldRunsOfEachKeyExactlyWhileItsRingIsFull() throws Exception {
    // While its ring is full, a thread folds runs of a key's events into its summary's two run
    // cells, each of which moves to another key only once the drainer has taken it all. Runs of a,
    // runs of b, a and b in turn (a cell each), a, b and c in turn (one of them folds into the table), the
    // drainer stalled during each phase and taking everything between them (so that the cells move
    // from key to key): every total, count and extreme exact.
    try (JCounters engine = JCounters.builder().ringCapacity(64).build()) {
      List<String> names = List.of("a", "b", "c");
      for (String name : names) {
        engine.register(new TotalCounter(name + "_total", List.of(name)));
        engine.register(new MinWindowCounter(name + "_min", List.of(name)));
        engine.register(new MaxWindowCounter(name + "_max", List.of(name)));
        engine.register(new AverageWindowCounter(name + "_avg", List.of(name)));
      }
      int[] ids = names.stream().mapToInt(engine::id).toArray();
      long[] sums = new long[3];
      long[] counts = new long[3];
      long[] mins = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
      long[] maxs = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
      long foldedBefore = engine.foldedEvents();
      for (int phase = 0; phase < 8; phase++) {
        CountDownLatch release = stallDrainer(engine);
        for (int i = 0; i < 6_000; i++) {
          int key = switch (phase % 4) {
            case 0 -> 0; // a run of a
            case 1 -> 1; // a run of b
            case 2 -> i & 1; // a and b in turn
            default -> i % 3; // a, b and c in turn: two run cells, so one of them folds into the table
          };
          long value = (i * 7919L + phase * 104_729L) % 20_001 - 10_000; // -10,000 to 10,000
          engine.value(ids[key], value);
          sums[key] += value;
          counts[key]++;
          mins[key] = Math.min(mins[key], value);
          maxs[key] = Math.max(maxs[key], value);
        }
        release.countDown();
        engine.snapshot(); // everything taken: the run cells may move to the next phase's keys
      }
      Snapshot snapshot = engine.snapshot();
      assertThat(engine.foldedEvents() - foldedBefore).as("folded while the ring was full").isGreaterThan(40_000);
      assertThat(snapshot.droppedEvents()).isZero();
      for (int key = 0; key < 3; key++) {
        String name = names.get(key);
        assertThat(snapshot.value(name + "_total")).as(name).isEqualTo(new CounterValue.LongSum(sums[key]));
        assertThat(snapshot.value(name + "_min")).as(name).isEqualTo(new CounterValue.Min(mins[key]));
        assertThat(snapshot.value(name + "_max")).as(name).isEqualTo(new CounterValue.Max(maxs[key]));
        assertThat(((CounterValue.Average) snapshot.value(name + "_avg")).count()).as(name).isEqualTo(counts[key]);
      }
    }
  }

  @ParameterizedTest(name = "a percentile counter listens: {0}")
  @ValueSource(booleans = {false, true})
  void shouldKeepFoldingForLapsOfItsRingOnceALookFoundItStillFull(boolean percentiles) throws Exception {
    // A thread that found its ring full folds 64 events, then looks again; still full (the drainer is
    // behind), it folds the next 16 laps of its ring (here 1,024 events) without looking, even once the
    // drainer has emptied the ring, rather than refill a ring the drainer would take event by event.
    // Then it looks, finds room and publishes into the ring again. Nothing lost either way. The same
    // whether the folds go to a run cell or, an id a percentile counter listens to, to the table.
    try (JCounters engine = JCounters.builder().ringCapacity(64).build()) {
      engine.register(new TotalCounter("burst_total", List.of("burst")));
      if (percentiles) {
        engine.register(PercentileWindowCounter.ofValues("burst_pct").events(List.of("burst")).build());
      }
      int id = engine.id("burst");
      long folded = engine.foldedEvents();
      CountDownLatch release = stallDrainer(engine);
      for (int i = 0; i < 64 + 1 + 64; i++) { // fills the ring; the 65th is folded, and 64 more, then a look
        engine.value(id, 1);
      }
      release.countDown();
      engine.snapshot(); // the drainer has taken the ring and the folds: the ring is empty
      assertThat(engine.foldedEvents() - folded).as("folded while the drainer was stalled").isEqualTo(65);
      folded = engine.foldedEvents();

      for (int i = 0; i < 500; i++) {
        engine.value(id, 1);
      }
      engine.snapshot();
      assertThat(engine.foldedEvents() - folded).as("folded though the ring had room").isEqualTo(500);
      folded = engine.foldedEvents();

      for (int i = 0; i < 4 * 1_024; i++) {
        engine.value(id, 1);
      }
      Snapshot snapshot = engine.snapshot();
      // 524 folded, then the look finds the ring empty, and the next 64 events fill it; the drainer, parked,
      // may not take them before the ring is full again, and the thread folds again.
      assertThat(engine.foldedEvents() - folded).as("folded: the countdown's rest, and maybe more").isBetween(1_024L - 500, 4L * 1_024 - 64);
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("burst_total")).isEqualTo(new CounterValue.LongSum(64 + 1 + 64 + 500 + 4 * 1_024));
      if (percentiles) {
        assertThat(((CounterValue.Distribution) snapshot.value("burst_pct")).count()).isEqualTo(64 + 1 + 64 + 500 + 4 * 1_024);
      }
    }
  }

  @Test
  void shouldCountExactlyOnTheThreadsOfAForkJoinPool() throws Exception {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("fj_total", List.of("fj")));
      engine.register(new AverageTimeCounter("fj_block"));
      int fj = engine.id("fj");
      int block = engine.id("fj_block");
      pool.submit(() -> java.util.stream.IntStream.range(0, 200_000).parallel().forEach(i -> {
        engine.start(block);
        engine.value(fj, i % 7);
        engine.end(block);
      })).get(60, TimeUnit.SECONDS);
      Snapshot snapshot = engine.snapshot();
      long expected = java.util.stream.IntStream.range(0, 200_000).mapToLong(i -> i % 7).sum();
      assertThat(snapshot.value("fj_total")).isEqualTo(new CounterValue.LongSum(expected));
      assertThat(((CounterValue.Average) snapshot.value("fj_block")).count()).isEqualTo(200_000);
      assertThat(snapshot.droppedEvents()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldSurviveAnErrorThrownInsideTheDrainer() {
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("after"));
      engine.register(new org.jcounters.core.Counter("failing") {
        @Override
        public void onValue(int event, long value, long nowNanos) {
          throw new OutOfMemoryError("injected into a counter");
        }

        @Override
        public CounterValue value(long nowNanos) {
          return CounterValue.empty();
        }
      });
      engine.runOnDrainer(() -> {
        throw new OutOfMemoryError("injected into the drainer loop");
      });
      int id = engine.id("after");
      int failing = engine.id("failing");
      for (int i = 0; i < 1_000; i++) {
        engine.value(id, 2);
        engine.value(failing, 1);
      }
      engine.runOnDrainer(() -> {
        throw new StackOverflowError("injected again");
      });
      assertThat(engine.snapshot().reportValue("after")).isEqualTo(2_000L);
      engine.value(id, 1);
      assertThat(engine.snapshot().reportValue("after")).isEqualTo(2_001L);
    }
  }

  @Test
  void shouldNeverExposeASlotWrittenAndNeverPublishedInAThreadsOwnRing() throws Exception {
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("own"));
      int id = engine.id("own");
      engine.value(id, 1); // leases the ring
      engine.placement().strikeMidPublish(id, 1_000); // a producer struck between writing and publishing
      assertThat(engine.snapshot().reportValue("own")).as("the unpublished slot is not seen").isEqualTo(1L);
      engine.value(id, 1); // writes the same slot again
      engine.value(id, 1);
      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.reportValue("own")).isEqualTo(3L);
      assertThat(snapshot.droppedEvents()).as("nothing was claimed, so nothing is skipped").isZero();
    }
  }

  @Test
  void shouldNotStallOnASlotClaimedAndNeverPublishedInASharedRing() throws Exception {
    // No ring budget: this platform thread publishes into a shared ring, as virtual threads do.
    try (JCounters engine = JCounters.builder().ringBudget(0).build()) {
      engine.register(new TotalCounter("shared"));
      int id = engine.id("shared");
      engine.value(id, 1);
      engine.placement().strikeMidPublish(id, 0); // as if a producer died between claim and publish
      engine.value(id, 1);
      long started = System.nanoTime();
      Snapshot snapshot = engine.snapshot();
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(snapshot.reportValue("shared")).isEqualTo(2L);
      assertThat(snapshot.droppedEvents()).as("the claimed slot, skipped").isEqualTo(1);
      assertThat(waitedMillis).as("the stuck slot is skipped after about a second").isLessThan(5_000);
      engine.value(id, 1);
      assertThat(engine.snapshot().reportValue("shared")).isEqualTo(3L);
    }
  }

  @ParameterizedTest
  @EnumSource(value = FullRingPolicy.class, names = {"FOLD", "WAIT"})
  void shouldFoldFirstInASharedRingOnlyWhatNoCounterNeedsOneByOne(FullRingPolicy policy) throws Exception {
    // No ring budget: this platform thread publishes into a shared ring, as virtual threads do.
    try (JCounters engine = JCounters.builder().ringBudget(0).fullRingPolicy(policy).build()) {
      engine.register(new TotalCounter("summed"));
      engine.register(PercentileWindowCounter.ofValues("distributed").build());
      int labelSet = engine.family("labelled", "shard").id("a"); // made first: the registration below sets its flags
      engine.register(PercentileWindowCounter.ofValues("labelled").build()); // a label set's flags carry no histogram bit
      int summed = engine.id("summed");
      int distributed = engine.id("distributed");
      for (int i = 1; i <= 1_000; i++) {
        engine.value(summed, i);
        engine.value(distributed, i);
        engine.value(labelSet, i);
      }
      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.reportValue("summed")).isEqualTo(500_500L);
      assertThat(((CounterValue.Distribution) snapshot.value("distributed")).count()).isEqualTo(1_000);
      assertThat(engine.foldedEvents())
          .as("under FOLD the total's values folded, the percentile counters' each in a slot; under WAIT, every event in a slot")
          .isEqualTo(policy == FullRingPolicy.FOLD ? 1_000 : 0);
      assertThat(snapshot.droppedEvents()).isZero();
    }
  }

  @Test
  void shouldKeepCountsSumsAndExtremesExactInASharedRingsSummary() throws Exception {
    // Threads without a ring of their own (as virtual threads) fold first into one shared stripe's
    // summary: values under 2^32 into its packed count and sum (one atomic add), moved into the wide
    // ones every 2^14 events; larger and negative values into the wide ones. Four threads at once,
    // first with the drainer stalled (400,000 events in one cell: the packed count, 16 bits, must be
    // moved), then with the drainer taking the summary as they go: every total, count and extreme exact.
    try (JCounters engine = JCounters.builder().ringBudget(0).sharedRings(1).build()) {
      engine.register(new TotalCounter("mixed_total", List.of("mixed")));
      engine.register(new MinWindowCounter("mixed_min", List.of("mixed")));
      engine.register(new MaxWindowCounter("mixed_max", List.of("mixed")));
      engine.register(new AverageWindowCounter("mixed_avg", List.of("mixed")));
      int id = engine.id("mixed");
      int threads = 4;
      int perThread = 100_000;
      AtomicLong sum = new AtomicLong();
      AtomicLong min = new AtomicLong(Long.MAX_VALUE);
      AtomicLong max = new AtomicLong(Long.MIN_VALUE);
      long foldedBefore = engine.foldedEvents();
      for (boolean stalled : new boolean[] {true, false}) {
        CountDownLatch release = stalled ? stallDrainer(engine) : new CountDownLatch(0);
        ExactCountingTest.runConcurrently(threads, thread -> {
          long mySum = 0;
          long myMin = Long.MAX_VALUE;
          long myMax = Long.MIN_VALUE;
          for (int i = 0; i < perThread; i++) {
            long value;
            if (i % 97 == 0) {
              value = 5_000_000_000L + i; // beyond the packed word's 32 bits
            } else if (i % 89 == 0) {
              value = -i - thread; // negative
            } else {
              value = 4_294_967_295L - (i % 1_000); // just under 2^32: the packed sum's largest
            }
            engine.value(id, value);
            mySum += value;
            myMin = Math.min(myMin, value);
            myMax = Math.max(myMax, value);
          }
          sum.addAndGet(mySum);
          min.accumulateAndGet(myMin, Math::min);
          max.accumulateAndGet(myMax, Math::max);
        });
        release.countDown();
      }
      Snapshot snapshot = engine.snapshot();
      assertThat(engine.foldedEvents() - foldedBefore).as("folded first").isEqualTo(2L * threads * perThread);
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("mixed_total")).isEqualTo(new CounterValue.LongSum(sum.get()));
      assertThat(snapshot.value("mixed_min")).isEqualTo(new CounterValue.Min(min.get()));
      assertThat(snapshot.value("mixed_max")).isEqualTo(new CounterValue.Max(max.get()));
      assertThat(((CounterValue.Average) snapshot.value("mixed_avg")).count()).isEqualTo(2L * threads * perThread);
    }
  }

  @Test
  void shouldKeepEveryValueWhenNoSummaryCellIsFree() throws Exception {
    // 10,000 event ids fold first into one stripe's summary and the spill (1,024 cells each): once no
    // cell is free for a key, its events take ring slots instead, and nothing is lost or counted twice.
    // Then the values of an id with a percentile counter, never folded first, take ring slots too.
    try (JCounters engine = JCounters.builder().ringBudget(0).sharedRings(1).build()) {
      List<String> fillers = registerFillersAndLate(engine, 10_000);
      long foldedBefore = engine.foldedEvents();
      for (String filler : fillers) {
        engine.value(engine.id(filler), 1);
      }
      int late = engine.id("late");
      long expected = 0;
      for (int i = 1; i <= 1_000; i++) {
        engine.value(late, i);
        expected += i;
      }
      Snapshot snapshot = engine.snapshot();
      assertThat(engine.foldedEvents() - foldedBefore).as("folded: at most one key a cell").isLessThanOrEqualTo(2 * 1_024);
      assertThat(snapshot.droppedEvents()).isZero();
      assertThat(snapshot.value("filler_total")).isEqualTo(new CounterValue.LongSum(fillers.size()));
      assertThat(snapshot.value("late_total")).isEqualTo(new CounterValue.LongSum(expected));
      assertThat(((CounterValue.Distribution) snapshot.value("late_pct")).count()).isEqualTo(1_000);
    }
  }

  @Test
  void shouldNotRecordAPercentileValueThatNoCellCouldTake() throws Exception {
    // The drainer stalled, thread A fills its ring, then its summary and the spill with 20,000 other
    // ids, so that its values of "late" (which a percentile counter takes) find no cell: dropped, and
    // counted so. Thread B, whose summary has room, folds its values of "late" into it. The percentile
    // counter must count B's values only, as the total does: not A's too, through the histograms
    // producers keep for folded values, which the drainer takes with B's fold.
    try (JCounters engine = JCounters.builder().ringCapacity(64).build()) {
      List<String> fillers = registerFillersAndLate(engine, 20_000);
      int[] fillerIds = fillers.stream().mapToInt(engine::id).toArray();
      int late = engine.id("late");
      CountDownLatch release = stallDrainer(engine);
      Thread a = new Thread(() -> {
        for (int id : fillerIds) {
          engine.value(id, 1);
        }
        for (int i = 0; i < 1_000; i++) {
          engine.value(late, 1);
        }
      });
      a.start();
      a.join();
      Thread b = new Thread(() -> {
        for (int i = 0; i < 64 + 1_000; i++) {
          engine.value(late, 1);
        }
      });
      b.start();
      b.join();
      release.countDown();
      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.value("late_total")).as("B's values: A's were dropped").isEqualTo(new CounterValue.LongSum(64 + 1_000));
      assertThat(((CounterValue.Distribution) snapshot.value("late_pct")).count()).isEqualTo(64 + 1_000);
      assertThat(snapshot.droppedEvents()).isGreaterThanOrEqualTo(1_000);
    }
  }

  @ParameterizedTest(name = "claimed {0} the pause")
  @ValueSource(strings = {"during", "before"})
  void shouldNotSkipASlotWhoseProducerIsLateWhenTheDrainerComesBackFromAPause(String when) throws Exception {
    // A drainer that did not run for longer than a stuck slot's wait (a long pause, emulated by a
    // command that sleeps) restarts that wait when it comes back, whether it first saw the slot during
    // the pause or before it: a producer preempted between claim and publish, publishing soon after
    // the pause, loses nothing.
    try (JCounters engine = JCounters.builder().ringBudget(0).build()) {
      engine.register(new TotalCounter("late"));
      int id = engine.id("late");
      engine.value(id, 1);
      assertThat(engine.snapshot().reportValue("late")).isEqualTo(1L);
      Runnable publish = null;
      if (when.equals("before")) {
        publish = engine.placement().claimNowPublishLater(id, 1);
        Thread.sleep(100); // the idle drainer (a pass every <= 10 ms) sees the slot waited for before its pause
      }
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch resumed = new CountDownLatch(1);
      engine.runOnDrainer(() -> {
        paused.countDown();
        try {
          Thread.sleep(1_500); // the pause itself: longer than a stuck slot's wait
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        resumed.countDown();
      });
      assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
      if (publish == null) {
        publish = engine.placement().claimNowPublishLater(id, 1);
      }
      assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // the preempted producer publishes 100 ms after the drainer is back
      publish.run();
      Snapshot snapshot = engine.snapshot();
      assertThat(snapshot.reportValue("late")).as("the late producer's value").isEqualTo(2L);
      assertThat(snapshot.droppedEvents()).as("nothing skipped").isZero();
    }
  }

  @Test
  @SuppressWarnings("try") // the scope is used for its close
  void shouldNeverThrowIntoShortcutUsersWhileTheirCounterIsRegisteredAndUnregistered() throws Exception {
    String name = "churned_" + System.nanoTime();
    JCounters engine = JCounters.defaultInstance();
    AtomicBoolean churning = new AtomicBoolean(true);
    List<Throwable> failures = new ArrayList<>();
    Thread churner = new Thread(() -> {
      while (churning.get()) {
        engine.unregister(name);
        engine.registerIfAbsent(new AverageTimeCounter(name));
        engine.unregister(name);
        Thread.yield();
      }
    });
    churner.start();
    try {
      ExactCountingTest.runConcurrently(4, thread -> {
        try {
          for (int i = 0; i < 20_000; i++) {
            try (Shortcuts.Scope scope = Shortcuts.time(name)) {
              Events.value(name, 1);
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
    } finally {
      churning.set(false);
      churner.join();
    }
    assertThat(failures).isEmpty();

    // Once the churn stops, the shortcut's counter counts every block exactly.
    Shortcuts.time(name, () -> { });
    long before = timedBlocks(engine.snapshot().value(name));
    ExactCountingTest.runConcurrently(4, thread -> {
      for (int i = 0; i < 1_000; i++) {
        Shortcuts.time(name, () -> { });
      }
    });
    assertThat(timedBlocks(engine.snapshot().value(name)) - before).isEqualTo(4_000);
  }

  @Test
  void shouldNotMakeAShortcutWaitForAStalledDrainerYetHearItsFirstEvent() throws Exception {
    String name = "first_" + System.nanoTime();
    JCounters engine = JCounters.defaultInstance();
    CountDownLatch stall = new CountDownLatch(1);
    engine.runOnDrainer(() -> {
      try {
        stall.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      long started = System.nanoTime();
      assertThatCode(() -> Shortcuts.time(name, () -> { })).doesNotThrowAnyException();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    } finally {
      stall.countDown();
    }
    assertThat(timedBlocks(engine.snapshot().value(name))).isEqualTo(1);
  }

  /** Stalls {@code engine}'s drainer (a command that waits) until the returned latch is counted down. */
  /** Registers a total of {@code count} filler ids ("filler_0"...), and a total and a percentile counter of "late"; returns the fillers' names. */
  private static List<String> registerFillersAndLate(JCounters engine, int count) {
    List<String> fillers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fillers.add("filler_" + i);
    }
    engine.register(new TotalCounter("filler_total", fillers));
    engine.register(new TotalCounter("late_total", List.of("late")));
    engine.register(PercentileWindowCounter.ofValues("late_pct").events(List.of("late")).build());
    return fillers;
  }

  private static CountDownLatch stallDrainer(JCounters engine) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    engine.runOnDrainer(() -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  private static long timedBlocks(CounterValue value) {
    return value instanceof CounterValue.Average average ? average.count() : 0;
  }

  /** The heap in use after full collections, as low as it gets. */
  static long retainedHeap(MemoryMXBean memory) throws InterruptedException {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20); // lets the collector finish concurrent work; a measurement, not synchronisation
      lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
    }
    return lowest;
  }
}
