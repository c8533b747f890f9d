package org.jcounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventFamily;
import org.jcounters.core.LabelSet;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.counters.TotalCounter;
import org.junit.jupiter.api.Test;

/** Labelled events end to end on an engine of their own: real threads, exact totals, bounded cardinality. */
class LabelsTest {
  static final String[] METHODS = {"GET", "POST", "PUT"};
  static final String[] STATUSES = {"200", "404", "500", "503"};
  static final int THREADS = 4;
  static final int ROUNDS = 20_000;

  /** What one thread adds to each label set in {@link #report}: method index + status index + 1 per round. */
  static long expectedTotal(int method, int status) {
    return (long) THREADS * ROUNDS * (method + status + 1);
  }

  /** 4 threads report http_requests with 3 methods x 4 statuses; returns once all are done. */
  static void report(JCounters engine, EventFamily requests) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int r = 0; r < ROUNDS; r++) {
            for (int m = 0; m < METHODS.length; m++) {
              for (int s = 0; s < STATUSES.length; s++) {
                engine.value(requests.id(METHODS[m], STATUSES[s]), m + s + 1);
              }
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "labels-" + t);
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(failure.get()).isNull();
  }

  static Map<String, Long> expected() {
    Map<String, Long> expected = new TreeMap<>();
    for (int m = 0; m < METHODS.length; m++) {
      for (int s = 0; s < STATUSES.length; s++) {
        expected.put("method=" + METHODS[m] + ",status=" + STATUSES[s], expectedTotal(m, s));
      }
    }
    return expected;
  }

  @Test
  void shouldKeepOneExactTotalPerLabelSetAcrossThreads() throws InterruptedException {
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("http_requests"));
      EventFamily requests = engine.family("http_requests", "method", "status");
      report(engine, requests);
      CounterValue value = engine.snapshot().value("http_requests");
      assertThat(value).isInstanceOf(CounterValue.Labelled.class);
      CounterValue.Labelled labelled = (CounterValue.Labelled) value;
      assertThat(labelled.labelNames()).containsExactly("method", "status");
      Map<String, Long> totals = new TreeMap<>();
      labelled.series().forEach((key, v) -> totals.put(key, ((CounterValue.LongSum) v).value()));
      assertThat(totals).isEqualTo(expected());
      assertThat(labelled.labelValues("method=GET,status=200")).containsExactly("GET", "200");
    }
  }

  @Test
  void shouldHearANewLabelSetFromItsFirstEventAndAnExactLabelSetCounter() {
    try (JCounters engine = JCounters.builder().build()) {
      EventFamily requests = engine.family("req", "method");
      LabelSet get = requests.labelSet("GET");
      engine.register(new EventCounter("req"));
      engine.register(new TotalCounter("req_get", List.of(get.name())));
      // Label sets made on another thread after the registration, reported once each.
      for (int i = 0; i < 50; i++) {
        engine.value(requests.id("m" + i), 5);
      }
      engine.value(requests.id("GET"), 7);
      engine.occurrence(engine.id("req")); // the plain name: under the empty key
      Snapshot snapshot = engine.snapshot();
      CounterValue.Labelled counts = (CounterValue.Labelled) snapshot.value("req");
      assertThat(counts.series().size()).isEqualTo(52);
      assertThat(counts.series().get("method=m49")).isEqualTo(new CounterValue.LongSum(5));
      assertThat(counts.series().get("")).isEqualTo(new CounterValue.LongSum(1));
      assertThat(snapshot.value("req_get")).isEqualTo(new CounterValue.LongSum(7));
      assertThat(get.name()).isEqualTo("req{method=\"GET\"}");
    }
  }

  @Test
  void shouldRefuseTheSameNameWithOtherLabelsAndWrongArity() {
    try (JCounters engine = JCounters.builder().build()) {
      EventFamily family = engine.family("f", "a", "b");
      assertThat(engine.family("f", "a", "b")).isSameAs(family);
      assertThatThrownBy(() -> engine.family("f", "a")).hasMessageContaining("was made with labels [a, b]");
      assertThatThrownBy(() -> family.id("x")).hasMessageContaining("has 2 labels");
      assertThatThrownBy(() -> family.id("x", null)).hasMessageContaining("null");
      assertThatThrownBy(() -> engine.family("g", "le")).hasMessageContaining("taken by report formats");
    }
  }

  @Test
  void shouldEscapeKeys() {
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("esc"));
      EventFamily family = engine.family("esc", "path", "q2");
      engine.value(family.id("/a,b=c\\d", "x"), 1);
      CounterValue.Labelled value = (CounterValue.Labelled) engine.snapshot().value("esc");
      assertThat(value.series()).containsOnlyKeys("path=/a\\,b\\=c\\\\d,q2=x");
      assertThat(value.labelValues("path=/a\\,b\\=c\\\\d,q2=x")).containsExactly("/a,b=c\\d", "x");
    }
  }

  @Test
  void shouldBoundMemoryOfOneHundredThousandLabelSetsOfATotalAndAPercentileCounter() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = heapAfterGc(memory);
    try (JCounters engine = JCounters.builder().build()) {
      engine.register(new TotalCounter("flood"));
      engine.register(PercentileWindowCounter.ofValues("flood_p").events(List.of("flood")).build());
      EventFamily flood = engine.family("flood", "user");
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int first = t;
        Thread thread = new Thread(() -> {
          try {
            for (int i = first; i < 100_000; i += 2) {
              engine.value(flood.id("u" + i), 1);
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      // Snapshots taken meanwhile: the reporting side must never throw either.
      while (threads.stream().anyMatch(Thread::isAlive)) {
        engine.snapshot();
        Thread.sleep(20);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failure.get()).isNull();
      Snapshot snapshot = engine.snapshot();
      CounterValue.Labelled totals = (CounterValue.Labelled) snapshot.value("flood");
      CounterValue.Labelled percentiles = (CounterValue.Labelled) snapshot.value("flood_p");
      String overflow = "user=" + EventFamily.OVERFLOW_VALUE;
      // 1,000 label sets, then everything else in the overflow series: nothing lost.
      assertThat(totals.series().size()).isEqualTo(EventFamily.DEFAULT_MAX_LABEL_SETS + 1);
      assertThat(totals.series().get(overflow)).isEqualTo(new CounterValue.LongSum(100_000 - EventFamily.DEFAULT_MAX_LABEL_SETS));
      assertThat(flood.foldedLookups()).isEqualTo(100_000 - EventFamily.DEFAULT_MAX_LABEL_SETS);
      int maxSeries = ((PercentileWindowCounter) engine.counter("flood_p")).maxSeries();
      assertThat(percentiles.series().size()).isEqualTo(maxSeries + 1);
      assertThat(((CounterValue.Distribution) percentiles.series().get(overflow)).count()).isEqualTo(100_000 - maxSeries);
      long retained = heapAfterGc(memory) - before;
      System.out.printf("100,000 label sets: %d series of the total, %d of the percentile counter (at most %d), %d lookups folded, "
          + "heap retained %.1f MiB%n", totals.series().size(), percentiles.series().size(), maxSeries, flood.foldedLookups(),
          retained / 1048576.0);
      // ~100 percentile series of ~490 KiB each (the 48 MiB budget) plus the engine: well under 100 MiB whatever the label sets.
      assertThat(retained).isLessThan(100L << 20);
    }
  }

  private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
