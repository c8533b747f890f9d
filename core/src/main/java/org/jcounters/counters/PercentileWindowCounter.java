package org.jcounters.counters;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue.Distribution.Unit;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.core.EventNames;
import org.jcounters.internal.window.HistogramWindow;
import org.jcounters.internal.window.SlidingWindow;

/**
 * Percentiles of values, or of block durations, over a sliding window (default 300 s): the count,
 * p50, p90, p99, p99.9 and the maximum of what happened in the window, mergeable across processes.
 *
 * <p><b>Values or timings: chosen when built.</b>
 * <ul>
 *   <li>{@link #ofValues(String)}: each value event is recorded as reported and reported raw
 *       ({@link Unit#RAW}, {@link Long}s): sizes, queue depths. Timings and occurrences are ignored,
 *       as by {@link MaxWindowCounter}.</li>
 *   <li>{@link #ofTimings(String)}: exactly what {@link AverageTimeCounter} takes (each end matched
 *       with its start on the same thread, timings raised by a {@link ThreadTimeCategorizer}, and
 *       value events taken as durations already measured in nanoseconds), recorded in nanoseconds
 *       and reported in seconds ({@link Unit#NANOSECONDS}, {@link Double}s).</li>
 * </ul>
 * One type with an explicit choice rather than a guess from the events: a value event means a size
 * to one user and a duration to another, and reporting it in the wrong unit would be silently wrong.
 *
 * <p><b>Value.</b> A {@link Distribution}, reported as
 * {@code {"count": n, "p50": x, "p90": x, "p99": x, "p999": x, "max": x}} (the quantiles are
 * configurable), merged across processes by adding histograms; {@link CounterValue#empty() empty}
 * when the window holds nothing. Percentiles are within the chosen precision (default 2 significant
 * digits: 1 %); see {@link Distribution} for the exact rule.
 *
 * <p><b>Window and memory.</b> A {@link HistogramWindow}: {@value HistogramWindow#DEFAULT_BUCKETS}
 * buckets by default, so a value stays at least the window and at most window / 10 longer (30 s by
 * default). Each bucket is a histogram: with the defaults (2 digits, values up to an hour in
 * nanoseconds) about 37 KiB, 490 KiB per counter with the since-start histogram below; more digits cost about 7 times more per digit
 * ({@link #footprintBytes()}). Values above the highest trackable value are recorded as that value,
 * negative ones as 0.
 *
 * <p><b>Since the start.</b> Beside the window, every value is also kept in one histogram that never
 * expires: {@link #sinceStart(long)}, for exporters whose buckets and counts must never go down.
 *
 * <p>Driven by the drainer thread only; O(1) and allocation-free per event, fixed memory;
 * reading the value merges the buckets and allocates the resulting {@link Distribution}.
 *
 * <pre>{@code
 * engine.register(PercentileWindowCounter.ofTimings("request_time").build());
 * engine.register(PercentileWindowCounter.ofValues("response_bytes")
 *     .window(Duration.ofSeconds(60)).significantDigits(3).quantiles(0.5, 0.99).build());
 * }</pre>
 */
public final class PercentileWindowCounter extends Counter {
  private final Unit unit;
  private final List<Double> quantiles;
  private final HistogramWindow window;
  private final int maxSeries;

  /**
   * What the series of one percentile counter on a family may take together unless told otherwise:
   * 48 MiB, about 100 series with the default settings (~490 KiB each).
   */
  public static final long DEFAULT_SERIES_BUDGET_BYTES = 48L << 20;

  private PercentileWindowCounter(Builder builder) {
    super(builder.name, builder.events == null ? List.of(builder.name) : builder.events);
    this.unit = builder.unit;
    this.quantiles = builder.quantiles;
    this.window = new HistogramWindow(builder.window, builder.buckets, builder.significantDigits, builder.highestTrackableValue);
    this.maxSeries = builder.maxSeries > 0 ? builder.maxSeries
        : (int) Math.max(1, Math.min(Counter.DEFAULT_MAX_SERIES, DEFAULT_SERIES_BUDGET_BYTES / Math.max(1, window.footprintBytes())));
  }

  /** A new counter configured as this one, for one label set of a family. */
  @Override
  protected Counter newSeries() {
    Builder builder = new Builder(name(), unit).events(events()).window(window()).buckets(buckets())
        .significantDigits(significantDigits()).highestTrackableValue(highestTrackableValue()).maxSeries(maxSeries);
    builder.quantiles = quantiles;
    return builder.build();
  }

  /**
   * On a family, the most label sets kept: by default as many as {@link #DEFAULT_SERIES_BUDGET_BYTES}
   * holds at this counter's {@link #footprintBytes()}, so memory stays bounded in bytes.
   */
  @Override
  public int maxSeries() {
    return maxSeries;
  }

  /**
   * A builder of a counter of the percentiles of the values of events named {@code name} (raw values).
   *
   * @param name the name it reports under and, unless {@link Builder#events} says otherwise, listens to
   * @return a builder with the defaults: 300 s window, 2 significant digits, p50, p90, p99, p99.9
   * @throws IllegalArgumentException if {@code name} is not a valid counter name
   */
  public static Builder ofValues(String name) {
    return new Builder(name, Unit.RAW);
  }

  /**
   * A builder of a counter of the percentiles of the durations of blocks named {@code name} (in seconds).
   *
   * @param name the name it reports under and, unless {@link Builder#events} says otherwise, listens to
   * @return a builder with the defaults: 300 s window, 2 significant digits, p50, p90, p99, p99.9
   * @throws IllegalArgumentException if {@code name} is not a valid counter name
   */
  public static Builder ofTimings(String name) {
    return new Builder(name, Unit.NANOSECONDS);
  }

  /** {@return whether this counter reports raw values ({@link Unit#RAW}) or durations in seconds ({@link Unit#NANOSECONDS})} */
  public Unit unit() {
    return unit;
  }

  /** {@return the window this counter looks over} */
  public Duration window() {
    return window.window();
  }

  /** {@return how many buckets the window is cut into} */
  public int buckets() {
    return window.buckets();
  }

  /** {@return the quantiles reported, in increasing order; immutable, possibly empty} */
  public List<Double> quantiles() {
    return quantiles;
  }

  /** {@return the histograms' precision in significant decimal digits} */
  public int significantDigits() {
    return window.significantDigits();
  }

  /** {@return the largest value recorded as itself (nanoseconds for timings)} Larger ones are recorded as this. */
  public long highestTrackableValue() {
    return window.highestTrackableValue();
  }

  /** {@return an estimate of the memory this counter's histograms take, in bytes} */
  public long footprintBytes() {
    return window.footprintBytes();
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    window.record(nowNanos, value);
  }

  @Override
  protected void onTiming(int event, long durationNanos, long nowNanos) {
    if (unit == Unit.NANOSECONDS) {
      window.record(nowNanos, durationNanos);
    }
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    record(values, nowNanos);
  }

  @Override
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    if (unit == Unit.NANOSECONDS) {
      record(durations, nowNanos);
    }
  }

  /**
   * The folded histogram where the producers kept one (the engine keeps one per event this counter
   * listens to, in this counter's configuration, so no precision is lost); events folded without
   * one are replayed from the summary: exact count, sum, minimum and maximum, the spread in between
   * approximated.
   */
  private void record(FoldedEvents folded, long nowNanos) {
    Histogram histogram = folded.histogram();
    if (histogram != null) {
      window.record(nowNanos, histogram, folded.sum());
    } else {
      window.record(nowNanos, folded.count(), folded.sum(), folded.min(), folded.max());
    }
  }

  @Override
  public CounterValue value(long nowNanos) {
    if (window.count(nowNanos) == 0) {
      return CounterValue.empty();
    }
    return Distribution.of(window.merged(nowNanos), window.sum(nowNanos), unit, quantiles);
  }

  /**
   * Every value since the counter started, expired ones included, as a {@link Distribution} without
   * quantiles (its histogram, count and sum are what a Prometheus histogram needs); {@code null}
   * before the first value.
   */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    if (window.sinceStart().getTotalCount() == 0) {
      return null;
    }
    return Distribution.of(window.sinceStart(), window.sinceStartSum(), unit, List.of());
  }

  /**
   * Configures a {@link PercentileWindowCounter}; each setter checks its argument at once. Not
   * thread-safe; {@link #build()} may be called more than once, each time for a new counter.
   */
  public static final class Builder {
    private final String name;
    private final Unit unit;
    private List<String> events;
    private Duration window = SlidingWindow.DEFAULT_WINDOW;
    private int buckets = HistogramWindow.DEFAULT_BUCKETS;
    private int significantDigits = HistogramWindow.DEFAULT_SIGNIFICANT_DIGITS;
    private long highestTrackableValue = HistogramWindow.DEFAULT_HIGHEST_TRACKABLE_VALUE;
    private List<Double> quantiles = Distribution.DEFAULT_QUANTILES;
    private int maxSeries;

    private Builder(String name, Unit unit) {
      this.name = EventNames.requireValidName(name, "counter name"); // at once, so that it is checked before the rest
      this.unit = unit;
    }

    /**
     * Listens to these event names, together, instead of the counter's own name (checked by {@link #build()}).
     *
     * @param events the event names (at least one, no duplicates); copied by {@link #build()}
     * @return this builder
     * @throws NullPointerException if {@code events} is null
     */
    public Builder events(List<String> events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * The window to look over; 300 s by default.
     *
     * @param window the window's length
     * @return this builder
     * @throws IllegalArgumentException if {@code window} is null, not positive or too long
     */
    public Builder window(Duration window) {
      SlidingWindow.requireValidWindow(window);
      this.window = window;
      return this;
    }

    /**
     * How many buckets to cut the window into ({@value HistogramWindow#DEFAULT_BUCKETS} by default):
     * more is finer expiry for more memory, one histogram each.
     *
     * @param buckets the number of buckets; a value stays at most window / buckets longer than the window
     * @return this builder
     * @throws IllegalArgumentException if {@code buckets} is not positive
     */
    public Builder buckets(int buckets) {
      if (buckets <= 0) {
        throw new IllegalArgumentException("a sliding window needs a positive number of buckets, got " + buckets);
      }
      this.buckets = buckets;
      return this;
    }

    /**
     * The precision: percentiles are exact to this many significant decimal digits (default 2, 1 %).
     *
     * @param digits significant decimal digits; each one more costs about 7 times the memory
     * @return this builder
     * @throws IllegalArgumentException unless 0 to {@value Distribution#MAX_SIGNIFICANT_DIGITS}
     */
    public Builder significantDigits(int digits) {
      Distribution.requireSupported(digits, 1, highestTrackableValue);
      this.significantDigits = digits;
      return this;
    }

    /**
     * The largest value recorded as itself, in the recorded unit (nanoseconds for timings); default
     * an hour in nanoseconds, 3.6 &times; 10<sup>12</sup>. Larger values are recorded as this one.
     *
     * @param highest the largest value kept exactly, in the recorded unit
     * @return this builder
     * @throws IllegalArgumentException unless 2 to {@link Distribution#MAX_HIGHEST_TRACKABLE_VALUE}
     */
    public Builder highestTrackableValue(long highest) {
      Distribution.requireSupported(significantDigits, 1, highest);
      this.highestTrackableValue = highest;
      return this;
    }

    /**
     * The quantiles to report, in increasing order, each strictly between 0 and 1; by default 0.5,
     * 0.9, 0.99, 0.999. None is allowed: the report then shows the count and the maximum.
     *
     * @param quantiles the quantiles, for example {@code 0.5, 0.99}
     * @return this builder
     * @throws IllegalArgumentException if they are not as above or two give the same report key
     * @throws NullPointerException if {@code quantiles} is null
     */
    public Builder quantiles(double... quantiles) {
      Objects.requireNonNull(quantiles, "quantiles");
      this.quantiles = Distribution.requireValidQuantiles(Arrays.stream(quantiles).boxed().toList());
      return this;
    }

    /**
     * On a family, the most label sets to keep a window for (each takes {@link #footprintBytes()});
     * by default as many as {@link PercentileWindowCounter#DEFAULT_SERIES_BUDGET_BYTES} holds.
     *
     * @param series the most label sets with a window of their own; the rest share the overflow series
     * @return this builder
     * @throws IllegalArgumentException if {@code series} is not positive
     */
    public Builder maxSeries(int series) {
      if (series <= 0) {
        throw new IllegalArgumentException("the most series must be positive, got " + series);
      }
      this.maxSeries = series;
      return this;
    }

    /**
     * A new counter with this configuration.
     *
     * @return the counter, to register with an engine
     * @throws IllegalArgumentException if the event names are invalid
     */
    public PercentileWindowCounter build() {
      return new PercentileWindowCounter(this);
    }
  }
}
