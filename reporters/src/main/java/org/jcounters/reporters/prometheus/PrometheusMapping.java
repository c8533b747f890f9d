package org.jcounters.reporters.prometheus;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.CountAndSum;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.Labelled;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue.Min;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates a JCounters {@link Report} into client_java's {@link MetricSnapshots}: the one place
 * that decides Prometheus types, names and units. Since-start figures ({@link Report#sinceStart()})
 * become series that never go down; window values become gauges.
 *
 * <table>
 *   <caption>Mapping (b = prefix + counter name, sanitized by client_java)</caption>
 *   <tr><th>counter</th><th>type</th><th>name</th></tr>
 *   <tr><td>{@code TotalCounter}, {@code EventCounter} (values, counts)</td><td>counter</td><td>{@code b_total}</td></tr>
 *   <tr><td>{@code TotalCounter} of timings</td><td>counter</td><td>{@code b_seconds_total}</td></tr>
 *   <tr><td>{@code ValueAccumulator}; {@code ThreadTimeCategorizer}</td><td>counter, label {@code key}</td><td>{@code b_total}; {@code b_seconds_total}</td></tr>
 *   <tr><td>{@code AverageWindowCounter}; {@code AverageTimeCounter}</td><td>summary without quantiles ({@code _sum}, {@code _count} since start) and gauge of the window mean</td><td>{@code b}, {@code b_mean}; {@code b_seconds}, {@code b_mean_seconds}</td></tr>
 *   <tr><td>{@code PercentileWindowCounter} (values; timings)</td><td>histogram since start and gauge of the window's quantiles (label {@code q}, {@code "1"} is the maximum)</td><td>{@code b}, {@code b_quantile}; {@code b_seconds}, {@code b_quantile_seconds}</td></tr>
 *   <tr><td>{@code WindowCounter}, {@code FrequencyCounter}, {@code MaxWindowCounter}, {@code MinWindowCounter}</td><td>gauge</td><td>{@code b}</td></tr>
 *   <tr><td>events lost to full rings</td><td>counter</td><td>{@code <prefix>dropped_events_total}</td></tr>
 * </table>
 * A value without since-start figures (a multi-process leader's merge, a counter of another kind) is
 * a gauge: a sum, maximum or minimum {@code b}, an average {@code b_mean}, entries {@code b{key=..}},
 * a distribution {@code b_quantile{q=..}}, without a unit where the value does not tell it.
 * A counter with no data is left out (Prometheus has no null).
 *
 * <p><b>Never a failed scrape.</b> A total below zero (a {@code TotalCounter} given negative values)
 * cannot be a Prometheus counter: it is left out of the scrapes while it is negative, with a warning
 * logged once per counter; so is a negative entry. Two counters whose names collide once sanitized
 * ({@code a.b} and {@code a_b}, an {@code EventCounter "x"} and a gauge {@code "x_total"}) keep the
 * first in name order; the other is left out, with an error logged once per pair.
 *
 * <p><b>Labels.</b> A counter registered on an event family ({@link Labelled} values) is mapped label
 * set by label set as above, each data point carrying the family's label names and that set's values
 * (the events reported under the plain name, if any, without labels), in one metric family per name:
 * {@code jcounters_http_requests_total{method="GET",status="200"} 3}. Label values travel as they are
 * (the text formats escape them); the family's overflow label set is a data point like the others.
 *
 * <p>Thread-safe: immutable but for the set of problems already logged.
 */
public final class PrometheusMapping {
  /** The prefix of every metric name by default. */
  public static final String DEFAULT_PREFIX = "jcounters_";

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusMapping.class);
  private static final Pattern VALID_PREFIX = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?");
  private static final String KEY_LABEL = "key";
  // Not "quantile": Prometheus keeps that label for summaries (promtool's lint says so), and these are gauges.
  private static final String QUANTILE_LABEL = "q";

  private final String prefix;
  private final HistogramBuckets secondsBuckets;
  private final HistogramBuckets valueBuckets;
  private final Map<String, HistogramBuckets> counterBuckets;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private final Logger log;

  private PrometheusMapping(Builder builder) {
    this.log = builder.log;
    this.prefix = builder.prefix;
    this.secondsBuckets = builder.secondsBuckets;
    this.valueBuckets = builder.valueBuckets;
    this.counterBuckets = Map.copyOf(builder.counterBuckets);
  }

  /** {@return the mapping with the prefix {@value #DEFAULT_PREFIX} and the default buckets} */
  public static PrometheusMapping defaults() {
    return builder().build();
  }

  /** {@return a new builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the prefix of every metric name, possibly empty} */
  public String prefix() {
    return prefix;
  }

  /**
   * The metric families of {@code report}: dropped events first, then counters in name order.
   * Counters that cannot be exposed are left out and logged once, never failing the translation.
   *
   * @param report one process's report; its since-start figures make the series that never go down
   * @return the families, ready for client_java's exposition formats
   */
  public MetricSnapshots translate(Report report) {
    Families families = new Families();
    families.add(Families.RESERVED, counter(prefix + "dropped_events",
        "JCounters events lost to full rings since the start", null, Labels.EMPTY, report.droppedEvents()));
    report.values().forEach((name, value) -> {
      try {
        families.addAll(name, value instanceof Labelled labelled
            ? labelledFamilies(name, labelled, report.sinceStart().get(name))
            : familiesOf(name, value, report.sinceStart().get(name), Labels.EMPTY));
      } catch (IllegalArgumentException e) { // client_java refused a name or a value: leave the counter out, do not fail the scrape
        logOnce("refused:" + name, "counter '{}' left out of the Prometheus exposition: {}", name, e.getMessage());
      }
    });
    return new MetricSnapshots(families.snapshots);
  }

  /**
   * The families {@code report} gives, described as registries check them: name, type, metadata, label names.
   *
   * @param report one process's report
   * @return one descriptor per family of {@link #translate}, in the same order
   */
  public List<MetricFamilyDescriptor> descriptors(Report report) {
    List<MetricFamilyDescriptor> descriptors = new ArrayList<>();
    for (MetricSnapshot family : translate(report)) {
      Set<String> labelNames = new TreeSet<>();
      family.getDataPoints().forEach(point -> point.getLabels().forEach(label -> labelNames.add(label.getName())));
      descriptors.add(MetricFamilyDescriptor.of(typeOf(family), family.getMetadata(), labelNames));
    }
    return descriptors;
  }

  private static MetricType typeOf(MetricSnapshot family) {
    if (family instanceof CounterSnapshot) {
      return MetricType.COUNTER;
    } else if (family instanceof HistogramSnapshot) {
      return MetricType.HISTOGRAM;
    } else if (family instanceof SummarySnapshot) {
      return MetricType.SUMMARY;
    }
    return MetricType.GAUGE;
  }

  /**
   * A family counter's families: each label set's, as an unlabelled counter's would be, with the
   * family's labels on every data point (the empty key: none), then merged into one family per name.
   */
  private List<MetricSnapshot> labelledFamilies(String name, Labelled value, CounterValue sinceStart) {
    Map<String, CounterValue> since = sinceStart instanceof Labelled labelled ? labelled.series() : Map.of();
    List<MetricSnapshot> all = new ArrayList<>();
    value.series().forEach((key, series) -> {
      List<String> values = value.labelValues(key);
      Labels labels = values.isEmpty() ? Labels.EMPTY : Labels.of(value.labelNames(), values);
      all.addAll(familiesOf(name, series, since.get(key), labels));
    });
    return mergeByName(all);
  }

  /** Families of the same exposed name and type become one, their data points together (the first one's metadata). */
  private static List<MetricSnapshot> mergeByName(List<MetricSnapshot> families) {
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (MetricSnapshot family : families) {
      byName.computeIfAbsent(family.getMetadata().getPrometheusName(), n -> new ArrayList<>()).add(family);
    }
    List<MetricSnapshot> merged = new ArrayList<>(byName.size());
    byName.forEach((name, same) -> {
      MetricSnapshot first = same.get(0);
      if (same.size() == 1) {
        merged.add(first);
      } else if (first instanceof CounterSnapshot) {
        merged.add(new CounterSnapshot(first.getMetadata(), points(same, CounterSnapshot.class, CounterSnapshot::getDataPoints)));
      } else if (first instanceof GaugeSnapshot) {
        merged.add(new GaugeSnapshot(first.getMetadata(), points(same, GaugeSnapshot.class, GaugeSnapshot::getDataPoints)));
      } else if (first instanceof HistogramSnapshot) {
        merged.add(new HistogramSnapshot(first.getMetadata(), points(same, HistogramSnapshot.class, HistogramSnapshot::getDataPoints)));
      } else if (first instanceof SummarySnapshot) {
        merged.add(new SummarySnapshot(first.getMetadata(), points(same, SummarySnapshot.class, SummarySnapshot::getDataPoints)));
      }
    });
    return merged;
  }

  /** The data points of every family of {@code type} (one counter's series are all of one type; others are skipped). */
  private static <S extends MetricSnapshot, P> List<P> points(List<MetricSnapshot> families, Class<S> type, Function<S, List<P>> points) {
    List<P> all = new ArrayList<>();
    for (MetricSnapshot family : families) {
      if (type.isInstance(family)) {
        all.addAll(points.apply(type.cast(family)));
      }
    }
    return all;
  }

  private List<MetricSnapshot> familiesOf(String name, CounterValue value, CounterValue sinceStart, Labels labels) {
    String base = prefix + name;
    String quoted = "\"" + name + "\"";
    List<MetricSnapshot> out = new ArrayList<>(2);
    if (sinceStart instanceof LongSum total) {
      addTotal(out, name, base, "JCounters total of counter " + quoted + " since its start", null, labels, total.value());
    } else if (sinceStart instanceof DoubleSum seconds) {
      addTotal(out, name, base, "JCounters seconds of counter " + quoted + " since its start", Unit.SECONDS, labels, seconds.value());
    } else if (sinceStart instanceof Accumulated totals) {
      out.add(entries(name, base, totals, labels));
    } else if (sinceStart instanceof CountAndSum countAndSum) {
      Unit unit = unit(countAndSum.unit());
      out.add(SummarySnapshot.builder().name(metricName(base, unit)).unit(unit)
          .help("JCounters count and sum of the values of counter " + quoted + " since its start")
          .dataPoint(SummaryDataPointSnapshot.builder().labels(labels).count(countAndSum.count())
              .sum(countAndSum.unit().reportDouble(countAndSum.sum())).build())
          .build());
      if (value instanceof Average average) {
        out.add(gauge(base + "_mean", "JCounters mean of counter " + quoted + " over its window", unit, labels, average.mean()));
      }
    } else if (sinceStart instanceof Distribution histogram) {
      out.add(histogram(name, base, "JCounters distribution of counter " + quoted + " since its start", histogram, labels));
      if (value instanceof Distribution window) {
        out.add(quantiles(base, quoted, window, labels));
      }
    } else {
      if (sinceStart != null) {
        logOnce("kind:" + name, "counter '{}': since-start figures of kind {} have no Prometheus mapping; its value is exported as a gauge",
            name, sinceStart.getClass().getSimpleName());
      }
      windowGauges(out, base, quoted, value, labels);
    }
    return out;
  }

  private void windowGauges(List<MetricSnapshot> out, String base, String quoted, CounterValue value, Labels labels) {
    if (value instanceof LongSum sum) {
      out.add(gauge(base, "JCounters value of counter " + quoted, null, labels, sum.value()));
    } else if (value instanceof DoubleSum sum) {
      out.add(gauge(base, "JCounters value of counter " + quoted, null, labels, sum.value()));
    } else if (value instanceof Max max) {
      out.add(gauge(base, "JCounters maximum of counter " + quoted, null, labels, max.value()));
    } else if (value instanceof Min min) {
      out.add(gauge(base, "JCounters minimum of counter " + quoted, null, labels, min.value()));
    } else if (value instanceof Average average) {
      out.add(gauge(base + "_mean", "JCounters mean of counter " + quoted, null, labels, average.mean()));
    } else if (value instanceof Distribution distribution) {
      out.add(quantiles(base, quoted, distribution, labels));
    } else if (value instanceof Accumulated accumulated) {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(metricName(base, null)).help("JCounters entries of counter " + quoted + ", by key");
      accumulated.entries().forEach((key, entry) -> {
        Object number = entry instanceof Average average ? (Object) average.mean() : entry.reportValue();
        if (number instanceof Number n) {
          gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels.add(KEY_LABEL, key)).value(n.doubleValue()).build());
        }
      });
      out.add(gauge.build());
    }
    // Empty, or a kind without a number: nothing, as Prometheus has no null.
  }

  private void addTotal(List<MetricSnapshot> out, String name, String base, String help, Unit unit, Labels labels, double total) {
    if (total < 0 || Double.isNaN(total)) {
      String series = labels.size() == 0 ? "" : " " + labels;
      logOnce("negative:" + name + series, "counter '{}'{} totals {}, below zero: a Prometheus counter cannot be; "
          + "left out of the scrapes while it is negative (use a gauge-like counter for values that go down)", name, series, total);
      return;
    }
    out.add(counter(base, help, unit, labels, total));
  }

  private MetricSnapshot entries(String name, String base, Accumulated totals, Labels labels) {
    boolean seconds = totals.entries().values().stream().anyMatch(entry -> entry instanceof DoubleSum);
    Unit unit = seconds ? Unit.SECONDS : null;
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(metricName(base, unit)).unit(unit)
        .help("JCounters " + (seconds ? "seconds" : "totals") + " of counter \"" + name + "\" since its start, by key");
    totals.entries().forEach((key, entry) -> {
      double value = entry.reportValue() instanceof Number n ? n.doubleValue() : Double.NaN;
      if (value >= 0) {
        counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels.add(KEY_LABEL, key)).value(value).build());
      } else {
        logOnce("negative:" + name + ":" + key, "counter '{}' entry '{}' is {}, not a Prometheus counter value: left out while it is",
            name, key, value);
      }
    });
    return counter.build();
  }

  private MetricSnapshot histogram(String name, String base, String help, Distribution distribution, Labels labels) {
    Unit unit = unit(distribution.unit());
    HistogramBuckets buckets = counterBuckets.getOrDefault(name, unit == null ? valueBuckets : secondsBuckets);
    double sum = Math.max(0, distribution.unit().reportDouble(distribution.sum())); // values below 0 are counted as 0
    return HistogramSnapshot.builder().name(metricName(base, unit)).unit(unit).help(help)
        .dataPoint(HistogramDataPointSnapshot.builder().labels(labels).classicHistogramBuckets(buckets.counts(distribution)).sum(sum).build())
        .build();
  }

  private MetricSnapshot quantiles(String base, String quoted, Distribution window, Labels labels) {
    Unit unit = unit(window.unit());
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(metricName(base + "_quantile", unit)).unit(unit)
        .help("JCounters quantiles of counter " + quoted + " over its window (1 is the maximum)");
    List<Double> quantiles = window.quantiles();
    List<Long> values = window.quantileValues();
    for (int i = 0; i < quantiles.size(); i++) {
      gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels.add(QUANTILE_LABEL, Double.toString(quantiles.get(i))))
          .value(window.unit().reportDouble(values.get(i))).build());
    }
    gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels.add(QUANTILE_LABEL, "1")).value(window.unit().reportDouble(window.max())).build());
    return gauge.build();
  }

  private MetricSnapshot counter(String base, String help, Unit unit, Labels labels, double value) {
    return CounterSnapshot.builder().name(metricName(base, unit)).unit(unit).help(help)
        .dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()).build();
  }

  private MetricSnapshot gauge(String base, String help, Unit unit, Labels labels, double value) {
    return GaugeSnapshot.builder().name(metricName(base, unit)).unit(unit).help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
  }

  /** client_java's sanitizing (reserved suffixes such as {@code _total} stripped, the unit appended), then its legacy name: {@code .} and other characters become {@code _}. */
  static String metricName(String base, Unit unit) {
    return PrometheusNaming.prometheusName(unit == null ? PrometheusNaming.sanitizeMetricName(base) : PrometheusNaming.sanitizeMetricName(base, unit));
  }

  private static Unit unit(Distribution.Unit unit) {
    return unit == Distribution.Unit.NANOSECONDS ? Unit.SECONDS : null;
  }

  private void logOnce(String key, String message, Object... arguments) {
    if (logged.add(key)) {
      log.error(message, arguments);
    }
  }

  /** The families of one translation, refusing any whose exposed names another counter already took. */
  private final class Families {
    static final String RESERVED = "(JCounters' own dropped-events count)";
    final List<MetricSnapshot> snapshots = new ArrayList<>();
    final Map<String, String> owners = new HashMap<>();

    void add(String counter, MetricSnapshot snapshot) {
      addAll(counter, List.of(snapshot));
    }

    void addAll(String counter, List<MetricSnapshot> families) {
      List<String> names = new ArrayList<>();
      for (MetricSnapshot family : families) {
        names.addAll(exposedNames(family));
      }
      for (String name : names) {
        String owner = owners.get(name);
        if (owner != null) {
          logOnce("collision:" + counter + ":" + owner, "counter '{}' left out of the Prometheus exposition: its name {} collides, "
              + "once sanitized, with counter '{}'; rename one of them", counter, name, owner);
          return;
        }
      }
      names.forEach(name -> owners.put(name, counter));
      snapshots.addAll(families);
    }

    private List<String> exposedNames(MetricSnapshot family) {
      String name = family.getMetadata().getPrometheusName();
      if (family instanceof CounterSnapshot) {
        return List.of(name, name + "_total", name + "_created");
      } else if (family instanceof SummarySnapshot) {
        return List.of(name, name + "_sum", name + "_count", name + "_created");
      } else if (family instanceof HistogramSnapshot) {
        return List.of(name, name + "_bucket", name + "_sum", name + "_count", name + "_created");
      }
      return List.of(name);
    }
  }

  /** Configures a {@link PrometheusMapping}; not thread-safe. */
  public static final class Builder {
    private String prefix = DEFAULT_PREFIX;
    private HistogramBuckets secondsBuckets = HistogramBuckets.DEFAULT_SECONDS;
    private HistogramBuckets valueBuckets = HistogramBuckets.DEFAULT_VALUES;
    private final Map<String, HistogramBuckets> counterBuckets = new HashMap<>();
    private Logger log = LOG;

    private Builder() {}

    /** Where problems are logged (tests). */
    Builder logger(Logger log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * The prefix of every metric name ({@value #DEFAULT_PREFIX} by default; may be empty).
     *
     * @param prefix the prefix, {@code ""} for none
     * @return this builder
     * @throws IllegalArgumentException unless it matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*} or is empty
     * @throws NullPointerException if {@code prefix} is null
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!VALID_PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException("a metric name prefix must match [a-zA-Z_:][a-zA-Z0-9_:]*, got '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * The buckets of percentile counters of timings, in seconds ({@link HistogramBuckets#DEFAULT_SECONDS} by default).
     *
     * @param buckets the bucket bounds, in seconds
     * @return this builder
     * @throws NullPointerException if {@code buckets} is null
     */
    public Builder secondsBuckets(HistogramBuckets buckets) {
      this.secondsBuckets = Objects.requireNonNull(buckets, "buckets");
      return this;
    }

    /**
     * The buckets of percentile counters of values ({@link HistogramBuckets#DEFAULT_VALUES} by default).
     *
     * @param buckets the bucket bounds, in the values' own unit
     * @return this builder
     * @throws NullPointerException if {@code buckets} is null
     */
    public Builder valueBuckets(HistogramBuckets buckets) {
      this.valueBuckets = Objects.requireNonNull(buckets, "buckets");
      return this;
    }

    /**
     * The buckets of one percentile counter, by its JCounters name, in its exposed unit (seconds for timings).
     *
     * @param counterName the counter's JCounters name, before prefix and sanitizing
     * @param buckets its bucket bounds, instead of the seconds or values buckets
     * @return this builder
     * @throws NullPointerException if an argument is null
     */
    public Builder buckets(String counterName, HistogramBuckets buckets) {
      counterBuckets.put(Objects.requireNonNull(counterName, "counterName"), Objects.requireNonNull(buckets, "buckets"));
      return this;
    }

    /** {@return a new mapping with this configuration} */
    public PrometheusMapping build() {
      return new PrometheusMapping(this);
    }
  }

  @Override
  public String toString() {
    return "PrometheusMapping[prefix '" + prefix + "']";
  }
}
