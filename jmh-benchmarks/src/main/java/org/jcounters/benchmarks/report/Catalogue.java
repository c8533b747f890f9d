package org.jcounters.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each benchmark measures, in words a reader of {@code BENCHMARKS.md} knows, which library it
 * belongs to, and which peer operations each JCounters operation is compared with. The one place to
 * edit when a benchmark is added.
 */
final class Catalogue {
  /** Who an operation belongs to. */
  enum Owner {
    FLOOR("Floors (JDK)"),
    JCOUNTERS("JCounters"),
    DROPWIZARD("Dropwizard Metrics 4.2"),
    MICROMETER("Micrometer 1.x"),
    PROMETHEUS("Prometheus client_java 1.x"),
    OPENTELEMETRY("OpenTelemetry SDK metrics"),
    HDRHISTOGRAM("HdrHistogram 2.2");

    final String title;

    Owner(String title) {
      this.title = title;
    }
  }

  /** One benchmark method: its label and owner; {@code histogramOrTimer} for the "5× cheaper" target. */
  record Op(String benchmark, String label, Owner owner, boolean histogramOrTimer) {}

  /** A JCounters operation and the peer operations closest to what it does. */
  record Comparison(String jcounters, String why, List<String> peers) {}

  static final Map<String, Op> OPS = new LinkedHashMap<>();

  static {
    floor("Floors.emptyLoop", "empty loop (harness floor)");
    floor("Floors.longAdderIncrement", "`LongAdder.increment()` (shared)");
    floor("Floors.nanoTime", "`System.nanoTime()`");

    jc("JCountersBenchmark.value", "`Events.value(id, v)`, a counter listening");
    jc("JCountersBenchmark.valueUnlistened", "`Events.value(id, v)`, nobody listening");
    jc("JCountersBenchmark.valueIntoWindowCounter", "`Events.value(id, v)` into a window counter");
    jc("JCountersBenchmark.valueByName", "`Events.value(String, v)` (name looked up per call)");
    jc("JCountersBenchmark.valueIntoTimingCounter", "`Events.value(id, v)` into a timing counter (a duration)");
    jc("JCountersBenchmark.occurrence", "`Events.occurrence(id)`");
    jc("JCountersBenchmark.startEnd", "`Events.start(id)` + `Events.end(id)` pair, into a timing counter");
    jc("JCountersBenchmark.shortcutTimeRunnable", "`Shortcuts.time(name, Runnable)`, empty block");
    jc("JCountersBenchmark.shortcutTimeScope", "`try (Shortcuts.Scope s = Shortcuts.time(name)) {}`");
    jc("JCountersBenchmark.valueOverloaded", "`Events.value(id, v)` back to back, not paced (overloaded: folds)");
    jc("ThreadModelBenchmark.valueFullRing", "`Events.value(id, v)` on a full ring, drainer stalled (the fold path)");
    jc("ThreadModelBenchmark.valueFullRingTwoIds", "`Events.value(id, v)` on a full ring, two ids in turn");
    jc("ThreadModelBenchmark.cpuPerEventValue", "`Events.value(id, v)` back to back, process CPU measured");
    jc("LabelsBenchmark.familyId", "`EventFamily.id(\"GET\", \"200\")`, a label set seen before");
    jc("LabelsBenchmark.valueLabelled", "`Events.value(id, v)` on a label set's id, a counter listening");
    jc("LabelsBenchmark.valuePlain", "`Events.value(id, v)` on a plain id, a counter listening (beside the labelled one)");
    floor("ThreadModelBenchmark.cpuPerEventLongAdder", "`LongAdder.increment()` (shared) back to back, process CPU measured");

    peer("DropwizardBenchmark.counterInc", "`Counter.inc()`", Owner.DROPWIZARD, false);
    peer("DropwizardBenchmark.meterMark", "`Meter.mark()`", Owner.DROPWIZARD, false);
    peer("DropwizardBenchmark.histogramUpdate", "`Histogram.update(v)` (default reservoir)", Owner.DROPWIZARD, true);
    peer("DropwizardBenchmark.histogramUpdateLockFree", "`Histogram.update(v)` (lock-free reservoir)", Owner.DROPWIZARD, true);
    peer("DropwizardBenchmark.timerUpdate", "`Timer.update(d, unit)` (default reservoir)", Owner.DROPWIZARD, true);
    peer("DropwizardBenchmark.timerUpdateLockFree", "`Timer.update(d, unit)` (lock-free reservoir)", Owner.DROPWIZARD, true);
    peer("DropwizardBenchmark.timerTimeRunnable", "`Timer.time(Runnable)`", Owner.DROPWIZARD, true);
    peer("DropwizardBenchmark.timerContext", "`try (Timer.Context c = timer.time())`", Owner.DROPWIZARD, true);
    peer("MicrometerBenchmark.counterIncrement", "`Counter.increment()`", Owner.MICROMETER, false);
    peer("MicrometerBenchmark.timerRecord", "`Timer.record(d, unit)`", Owner.MICROMETER, true);
    peer("MicrometerBenchmark.timerRecordRunnable", "`Timer.record(Runnable)`", Owner.MICROMETER, true);
    peer("MicrometerBenchmark.distributionSummaryRecord", "`DistributionSummary.record(v)`", Owner.MICROMETER, true);
    peer("PrometheusBenchmark.counterDataPointInc", "`CounterDataPoint.inc()`", Owner.PROMETHEUS, false);
    peer("PrometheusBenchmark.histogramObserve", "`Histogram` data point `observe(v)` (classic)", Owner.PROMETHEUS, true);
    peer("LabelsBenchmark.prometheusLabelValues", "`Counter.labelValues(\"GET\", \"200\")` (2 labels)", Owner.PROMETHEUS, false);
    peer("OpenTelemetryBenchmark.longCounterAdd", "`LongCounter.add(1)`", Owner.OPENTELEMETRY, false);
    peer("OpenTelemetryBenchmark.longHistogramRecord", "`LongHistogram.record(v)`", Owner.OPENTELEMETRY, true);
    peer("HdrHistogramBenchmark.recorderRecordValue", "`Recorder.recordValue(v)` (shared)", Owner.HDRHISTOGRAM, true);
    peer("HdrHistogramBenchmark.singleWriterRecorderRecordValue", "`SingleWriterRecorder.recordValue(v)` (per thread)",
        Owner.HDRHISTOGRAM, true);
  }

  static final List<Comparison> COMPARISONS = List.of(
      new Comparison("JCountersBenchmark.value",
          "a value to be aggregated (total, average, max...) is what counters and histograms record",
          List.of("Floors.longAdderIncrement", "DropwizardBenchmark.counterInc", "DropwizardBenchmark.histogramUpdate",
              "DropwizardBenchmark.histogramUpdateLockFree", "MicrometerBenchmark.counterIncrement",
              "MicrometerBenchmark.distributionSummaryRecord", "PrometheusBenchmark.counterDataPointInc",
              "PrometheusBenchmark.histogramObserve", "OpenTelemetryBenchmark.longCounterAdd",
              "OpenTelemetryBenchmark.longHistogramRecord", "HdrHistogramBenchmark.recorderRecordValue",
              "HdrHistogramBenchmark.singleWriterRecorderRecordValue")),
      new Comparison("LabelsBenchmark.familyId",
          "label values known per request turned into what is recorded on (issue 9: no more than client_java's `labelValues`)",
          List.of("LabelsBenchmark.prometheusLabelValues")),
      new Comparison("LabelsBenchmark.valueLabelled", "a labelled event costs what a plain one costs (issue 9)",
          List.of("LabelsBenchmark.valuePlain")),
      new Comparison("JCountersBenchmark.occurrence", "counting that something happened",
          List.of("DropwizardBenchmark.counterInc", "DropwizardBenchmark.meterMark", "MicrometerBenchmark.counterIncrement",
              "PrometheusBenchmark.counterDataPointInc", "OpenTelemetryBenchmark.longCounterAdd")),
      new Comparison("ThreadModelBenchmark.valueFullRing",
          "the full-ring path (issue 8: no more than `LongAdder.increment()`): the event folded by the caller into its ring's overflow summary",
          List.of("Floors.longAdderIncrement", "MicrometerBenchmark.counterIncrement", "OpenTelemetryBenchmark.longCounterAdd")),
      new Comparison("ThreadModelBenchmark.valueFullRingTwoIds",
          "the full-ring path for a loop of two ids in turn (a value and a timing, say): each has a run cell of its own",
          List.of("Floors.longAdderIncrement")),
      new Comparison("JCountersBenchmark.startEnd",
          "timing a block; the pair reads the clock twice and publishes one record, the duration (issue 8: ≤ 2 × `System.nanoTime()` "
              + "+ 10 ns at 1 thread); the peers' record calls take a duration the caller measured, `Timer.record(Runnable)` reads the clock itself",
          List.of("Floors.nanoTime", "DropwizardBenchmark.timerUpdate", "DropwizardBenchmark.timerUpdateLockFree", "MicrometerBenchmark.timerRecord",
              "MicrometerBenchmark.timerRecordRunnable")),
      new Comparison("JCountersBenchmark.valueIntoTimingCounter",
          "recording a duration the caller measured",
          List.of("DropwizardBenchmark.timerUpdate", "DropwizardBenchmark.timerUpdateLockFree", "MicrometerBenchmark.timerRecord",
              "PrometheusBenchmark.histogramObserve", "OpenTelemetryBenchmark.longHistogramRecord",
              "HdrHistogramBenchmark.recorderRecordValue")),
      new Comparison("JCountersBenchmark.shortcutTimeRunnable", "timing a block given as a lambda (clock read twice by the library)",
          List.of("DropwizardBenchmark.timerTimeRunnable", "MicrometerBenchmark.timerRecordRunnable")),
      new Comparison("JCountersBenchmark.shortcutTimeScope",
          "timing a try-with-resources block (clock read twice by the library; issue 8: ≤ 2 × `System.nanoTime()` + 10 ns at 1 thread, "
              + "cheaper than Micrometer's `Timer.record(Runnable)` at 2 threads)",
          List.of("Floors.nanoTime", "DropwizardBenchmark.timerContext", "MicrometerBenchmark.timerRecordRunnable")));

  /**
   * Thread-model rows of {@code ThreadModelBenchmark} run with their own thread counts ({@code @Threads}:
   * 200, 8) or on another JDK (virtual threads): JCounters' row, the same work on a shared {@code LongAdder},
   * and what the row is. Reported in a section of their own, not in the 1- and 2-thread tables.
   */
  record ThreadModel(String jcounters, String longAdder, String label) {}

  static final List<ThreadModel> THREAD_MODELS = List.of(
      new ThreadModel("ThreadModelBenchmark.pool200Value", "ThreadModelBenchmark.pool200LongAdder",
          "200 platform threads (a Tomcat-sized pool), back to back"),
      new ThreadModel("ThreadModelBenchmark.eightThreadsValue", "ThreadModelBenchmark.eightThreadsLongAdder",
          "8 platform threads, back to back"),
      new ThreadModel("ThreadModelBenchmark.virtualThreadsValue", "ThreadModelBenchmark.virtualThreadsLongAdder",
          "virtual threads: 1,000 tasks × 100 values per invocation"));

  /** Whether a result belongs to {@link #THREAD_MODELS} (its own run, its own thread count). */
  static boolean isThreadModel(String benchmark) {
    return THREAD_MODELS.stream().anyMatch(m -> m.jcounters().equals(benchmark) || m.longAdder().equals(benchmark));
  }

  /** The parts of the producer's path ({@code HotPathPartsBenchmark}), in the order they add up. */
  static final Map<String, String> PARTS = new LinkedHashMap<>();

  static {
    PARTS.put("JCountersBenchmark.valueUnlistened", "the listened flag read (an event nobody listens to)");
    PARTS.put("HotPathPartsBenchmark.threadLocalGet", "`ThreadLocal.get()` of the thread's ring");
    PARTS.put("HotPathPartsBenchmark.plainStores", "two `long` stores into a ring array (the floor of 16 bytes)");
    PARTS.put("HotPathPartsBenchmark.sequencerNoReader", "Disruptor `tryNext` + two stores + `publish`, no reader");
    PARTS.put("HotPathPartsBenchmark.inlinedClaimNoReader", "the same claim inlined (cursor + 1, cached limit), no reader");
    PARTS.put("HotPathPartsBenchmark.sequencerReaderBehind", "Disruptor claim and publish, a reader draining in batches behind");
    PARTS.put("HotPathPartsBenchmark.wholePathNoReader", "flag + `ThreadLocal` + inlined claim: the producer's whole path, no reader");
    PARTS.put("HotPathPartsBenchmark.engineReplicaNoReader", "a copy of `JCounters.value` → `ThreadRing.tryPublish` as written, no reader");
    PARTS.put("JCountersBenchmark.value", "`Events.value(id, v)` on the engine, its drainer running");
  }

  private Catalogue() {}

  private static void floor(String benchmark, String label) {
    OPS.put(benchmark, new Op(benchmark, label, Owner.FLOOR, false));
  }

  private static void jc(String benchmark, String label) {
    OPS.put(benchmark, new Op(benchmark, label, Owner.JCOUNTERS, false));
  }

  private static void peer(String benchmark, String label, Owner owner, boolean histogramOrTimer) {
    OPS.put(benchmark, new Op(benchmark, label, owner, histogramOrTimer));
  }

  /** Whether a benchmark measures JCounters (gated in CI): its own classes, and the overload latency of its call. */
  static boolean isJCounters(String benchmark) {
    return benchmark.startsWith("JCountersBenchmark.")
        || benchmark.startsWith("DrainerThroughputBenchmark.")
        || benchmark.startsWith("DrainerWakeLatencyBenchmark.")
        || benchmark.startsWith("DrainerChaseBenchmark.")
        || benchmark.startsWith("ThreadModelBenchmark.valueFullRing")
        || benchmark.equals("OverloadLatencyBenchmark.valueUnderOverload");
  }

  static String label(String benchmark) {
    Op op = OPS.get(benchmark);
    return op == null ? "`" + benchmark + "`" : op.label();
  }
}
