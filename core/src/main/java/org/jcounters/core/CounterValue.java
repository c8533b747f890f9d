package org.jcounters.core;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.LabelKeys;
import org.jcounters.internal.core.Saturating;
import org.jcounters.internal.core.Seconds;

/**
 * The value of one counter at one moment, carrying its own merge rule so that reports from several
 * processes can be combined without knowing which counter produced them.
 *
 * <ul>
 *   <li>{@link LongSum}, {@link DoubleSum}: accumulative, merged by adding.</li>
 *   <li>{@link Average}: merged weighted by the number of samples each side averaged.</li>
 *   <li>{@link Max}, {@link Min}: merged by taking the larger, the smaller.</li>
 *   <li>{@link Accumulated}: a map of named values, merged key by key with each entry's own rule.</li>
 *   <li>{@link Distribution}: a histogram of values (percentiles), merged by adding the histograms.</li>
 *   <li>{@link Empty}: a counter that has seen no data; reported as {@code null}, ignored by merges.</li>
 *   <li>{@link CountAndSum}: how many values since a counter started and their sum (an average
 *       counter's {@linkplain Counter#sinceStart since-start} figures); merged by adding.</li>
 *   <li>{@link Labelled}: one value per label set of a family; merged label set by label set with
 *       each value's own rule.</li>
 *   <li>{@link WithSinceStart}: a value paired with its counter's since-start figures, only on the way
 *       from {@link EventDispatcher#values} into a {@link Snapshot}, which keeps the two apart.</li>
 * </ul>
 *
 * <p>Values are immutable and safe to share between threads.
 */
public sealed interface CounterValue
    permits CounterValue.Empty, CounterValue.LongSum, CounterValue.DoubleSum, CounterValue.Average,
        CounterValue.Max, CounterValue.Min, CounterValue.Accumulated, CounterValue.Distribution,
        CounterValue.CountAndSum, CounterValue.WithSinceStart, CounterValue.Labelled {

  /**
   * The value as a report shows it.
   *
   * @return a {@link Long}, a {@link Double}, a {@code Map<String, Object>} ({@link Accumulated},
   *     {@link Distribution}) or {@code null}
   */
  Object reportValue();

  /**
   * Combines this value with another of the same kind by this kind's rule.
   *
   * @param other the value of the same counter elsewhere (another process, an earlier report)
   * @return the combined value; this one if {@code other} is {@link Empty}
   * @throws IllegalArgumentException if {@code other} is of a different kind (two processes disagree on what a counter is)
   */
  CounterValue merge(CounterValue other);

  /**
   * The value of a counter with no data.
   *
   * @return {@link Empty#INSTANCE}
   */
  static CounterValue empty() {
    return Empty.INSTANCE;
  }

  /** A counter that has seen no data yet: reported as {@code null}. */
  enum Empty implements CounterValue {
    /** The one empty value. */
    INSTANCE;

    @Override
    public Object reportValue() {
      return null;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return Objects.requireNonNull(other, "other");
    }
  }

  /**
   * An integral total (sums of values, counts of events), exact unless it reached a bound of the
   * {@code long} range; merged by adding, saturating at those bounds as the counters do.
   *
   * @param value the total
   */
  record LongSum(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(LongSum.class, this, other, (a, b) -> new LongSum(Saturating.add(a.value, b.value)));
    }
  }

  /**
   * A floating point total (frequencies, seconds); merged by adding.
   *
   * @param value the total
   */
  record DoubleSum(double value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(DoubleSum.class, this, other, (a, b) -> new DoubleSum(a.value + b.value));
    }
  }

  /**
   * The mean of {@code count} samples; merged weighted by each side's count.
   *
   * @param mean the mean of the samples
   * @param count how many samples, at least 1
   */
  record Average(double mean, long count) implements CounterValue {
    /**
     * Checks the count.
     *
     * @param mean the mean of the samples
     * @param count how many samples
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public Average {
      if (count <= 0) {
        throw new IllegalArgumentException("an average needs a positive sample count, got " + count);
      }
    }

    @Override
    public Object reportValue() {
      return mean;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Average.class, this, other, (a, b) -> {
        long total = a.count + b.count;
        return new Average((a.mean * a.count + b.mean * b.count) / total, total);
      });
    }
  }

  /**
   * The largest value seen; merged by taking the larger.
   *
   * @param value the largest value
   */
  record Max(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Max.class, this, other, (a, b) -> new Max(Math.max(a.value, b.value)));
    }
  }

  /**
   * The smallest value seen; merged by taking the smaller.
   *
   * @param value the smallest value
   */
  record Min(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Min.class, this, other, (a, b) -> new Min(Math.min(a.value, b.value)));
    }
  }

  /**
   * Named values (a {@code ValueAccumulator}'s sums by event, a categorizer's seconds by category); merged key by key.
   *
   * @param entries name to value, in name order
   */
  record Accumulated(Map<String, CounterValue> entries) implements CounterValue {
    /**
     * Keeps an immutable copy of the entries, in name order.
     *
     * @param entries name to value
     * @throws NullPointerException if {@code entries} or one of its values is null
     */
    public Accumulated {
      Objects.requireNonNull(entries, "entries");
      entries.forEach((key, value) -> Objects.requireNonNull(value, () -> "entry '" + key + "' has no value"));
      entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    @Override
    public Object reportValue() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((key, value) -> out.put(key, value.reportValue()));
      return Collections.unmodifiableMap(out);
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Accumulated.class, this, other, (a, b) -> {
        Map<String, CounterValue> merged = new TreeMap<>(a.entries);
        b.entries.forEach((key, value) -> merged.merge(key, value, CounterValue::merge));
        return new Accumulated(merged);
      });
    }
  }

  /**
   * A distribution of values: a histogram of every value a percentile counter saw (an
   * <a href="https://hdrhistogram.github.io/HdrHistogram/">HdrHistogram</a>), with their exact sum,
   * reported as a flat map of the count, the chosen percentiles and the maximum:
   *
   * <pre>{@code {"count": 1200, "p50": 0.0021, "p90": 0.0043, "p99": 0.012, "p999": 0.0301, "max": 0.0452}}</pre>
   *
   * <p><b>Merge.</b> Two distributions merge by adding their histograms and sums, so the merged
   * percentiles are those of every value of both sides, within the histograms' precision (an average
   * of percentiles would mean nothing). Both sides must agree on the {@link Unit}, the reported
   * quantiles, the significant digits and the highest trackable value, i.e. be the same counter
   * configured the same way; otherwise the merge fails, as a merge of different kinds does.
   *
   * <p><b>Figures.</b> {@code count} is the number of values. A percentile follows the nearest-rank
   * rule: {@code p90} is the smallest recorded value that at least 90 % of the values are at or
   * below. It and {@code max} are given as the highest value the histogram cannot tell apart from
   * the true one: never below it, and above it by less than one part in 10<sup>digits</sup>
   * (values up to 2 &times; 10<sup>digits</sup> are exact). Keys are {@code count}, {@code p} followed
   * by the digits of the percentile ({@link #quantileKey}: 0.5 is {@code p50}, 0.999 {@code p999},
   * 0.05 {@code p5}), then {@code max}.
   *
   * <p><b>Units.</b> {@link Unit#RAW} values are reported as recorded, as {@link Long}s;
   * {@link Unit#NANOSECONDS} durations are recorded in nanoseconds and reported in seconds, as
   * {@link Double}s, like every JCounters time.
   *
   * <p><b>Form.</b> The histogram is kept only as its HdrHistogram V2 encoding
   * ({@link AbstractHistogram#encodeIntoByteBuffer}: a 40-byte header, then the counts with runs of
   * zeros collapsed, ZigZag LEB128): usually a few hundred bytes, immutable, readable by every
   * HdrHistogram port. {@link #encodedHistogram()} with {@link #decode} is the form for the wire;
   * {@code decode} checks the header before HdrHistogram allocates anything, so a hostile peer cannot
   * make it allocate more than a histogram of {@value #MAX_SIGNIFICANT_DIGITS} digits up to
   * {@link #MAX_HIGHEST_TRACKABLE_VALUE} (about 425 KiB). The report map is computed once, at construction.
   *
   * <p>Immutable and safe to share between threads.
   *
   * <pre>{@code
   * Histogram histogram = new Histogram(1, 3_600_000_000_000L, 2);
   * histogram.recordValue(1_500_000);                                   // 1.5 ms
   * Distribution d = Distribution.of(histogram, 1_500_000, Unit.NANOSECONDS, Distribution.DEFAULT_QUANTILES);
   * d.reportValue();   // {count=1, p50=0.001507327, p90=0.001507327, p99=0.001507327, p999=0.001507327, max=0.001507327}
   * }</pre>
   */
  final class Distribution implements CounterValue {
    /** The most quantiles a distribution reports: each costs a pass over the histogram on every read and merge. */
    public static final int MAX_QUANTILES = 32;

    /** The percentiles reported unless a counter is told otherwise: median, 90th, 99th and 99.9th. */
    public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.99, 0.999);
    /** The finest precision accepted: 3 significant digits (0.1 %) keeps any histogram under ~425 KiB. */
    public static final int MAX_SIGNIFICANT_DIGITS = 3;
    /** The largest highest trackable value accepted, far enough from {@code Long.MAX_VALUE} for HdrHistogram's bucket arithmetic. */
    public static final long MAX_HIGHEST_TRACKABLE_VALUE = Long.MAX_VALUE / 2;

    /** HdrHistogram's V2 (uncompressed) encoding cookie, as {@code encodeIntoByteBuffer} writes it. */
    private static final int V2_COOKIE = 0x1c849313;
    private static final int HEADER_BYTES = 40;

    /** How a distribution's recorded values are reported. */
    public enum Unit {
      /** Values reported as recorded, as {@link Long}s: sizes, queue depths, counts. */
      RAW,
      /** Durations recorded in nanoseconds and reported in seconds, as {@link Double}s. */
      NANOSECONDS;

      /**
       * A recorded figure as a report shows it.
       *
       * @param recorded a figure in the recorded unit
       * @return the {@link Long} itself ({@link #RAW}), or a {@link Double} of seconds
       */
      public Number report(long recorded) {
        // Not a conditional expression: it would promote the Long to a double.
        if (this == RAW) {
          return recorded;
        }
        return Seconds.fromNanos(recorded);
      }

      /**
       * A recorded figure in the report's unit, as a double.
       *
       * @param recorded a figure in the recorded unit
       * @return the figure itself ({@link #RAW}), or seconds
       */
      public double reportDouble(long recorded) {
        return this == RAW ? recorded : Seconds.fromNanos(recorded);
      }
    }

    private final Unit unit;
    private final List<Double> quantiles;
    private final byte[] encoded;
    private final long sum;
    private final long count;
    private final long max;
    private final List<Long> quantileValues;
    private final int significantDigits;
    private final long highestTrackableValue;
    private final Map<String, Object> report;

    private Distribution(AbstractHistogram histogram, long sum, Unit unit, List<Double> quantiles) {
      this.unit = Objects.requireNonNull(unit, "unit");
      this.quantiles = requireValidQuantiles(quantiles);
      requireSupported(histogram.getNumberOfSignificantValueDigits(), histogram.getLowestDiscernibleValue(), histogram.getHighestTrackableValue());
      this.count = histogram.getTotalCount();
      if (count <= 0) {
        throw new IllegalArgumentException("a distribution needs at least one value, got a histogram of " + count);
      }
      this.sum = sum;
      this.significantDigits = histogram.getNumberOfSignificantValueDigits();
      this.highestTrackableValue = histogram.getHighestTrackableValue();
      this.max = histogram.getMaxValue();
      ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
      int length = histogram.encodeIntoByteBuffer(buffer);
      this.encoded = Arrays.copyOf(buffer.array(), length);
      List<Long> values = new ArrayList<>(this.quantiles.size());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("count", count);
      for (double quantile : this.quantiles) {
        // The percentile through BigDecimal: 0.07 * 100 is 7.000000000000001 in doubles, which would take one rank too many.
        long value = histogram.getValueAtPercentile(BigDecimal.valueOf(quantile).scaleByPowerOfTen(2).doubleValue());
        values.add(value);
        out.put(quantileKey(quantile), unit.report(value));
      }
      out.put("max", unit.report(max));
      this.quantileValues = List.copyOf(values);
      this.report = Collections.unmodifiableMap(out);
    }

    /**
     * The distribution of the values recorded in {@code histogram} (copied: the histogram may be
     * reused afterwards), whose exact sum is {@code sum}, reporting {@code quantiles}.
     *
     * @param histogram a histogram with a lowest discernible value of 1, at most
     *     {@value #MAX_SIGNIFICANT_DIGITS} significant digits, a highest trackable value of at most
     *     {@link #MAX_HIGHEST_TRACKABLE_VALUE}, and at least one value
     * @param sum the exact sum of the recorded values, in the recorded unit
     * @param unit how the recorded values are reported
     * @param quantiles the quantiles to report, in increasing order, each strictly between 0 and 1
     * @return the distribution
     * @throws IllegalArgumentException if the histogram or the quantiles are not as above, or two
     *     quantiles have the same {@linkplain #quantileKey key}
     */
    public static Distribution of(AbstractHistogram histogram, long sum, Unit unit, List<Double> quantiles) {
      return new Distribution(Objects.requireNonNull(histogram, "histogram"), sum, unit, quantiles);
    }

    /**
     * The distribution whose histogram is {@code encodedHistogram}, as {@link #encodedHistogram()}
     * gave it (an HdrHistogram V2 encoding, uncompressed). Meant for bytes from another process: the
     * header is checked before anything is allocated.
     *
     * @param encodedHistogram the histogram's encoding (not kept: it is copied)
     * @param sum the exact sum of the recorded values, in the recorded unit
     * @param unit how the recorded values are reported
     * @param quantiles the quantiles to report, as for {@link #of}
     * @return the distribution
     * @throws IllegalArgumentException if the bytes are not such an encoding, describe a histogram
     *     {@link #of} would refuse, or hold no value; or the quantiles are invalid
     */
    public static Distribution decode(byte[] encodedHistogram, long sum, Unit unit, List<Double> quantiles) {
      Objects.requireNonNull(encodedHistogram, "encodedHistogram");
      if (encodedHistogram.length < HEADER_BYTES) {
        throw new IllegalArgumentException("malformed histogram encoding: " + encodedHistogram.length + " bytes, shorter than its header");
      }
      ByteBuffer header = ByteBuffer.wrap(encodedHistogram);
      if (header.getInt(0) != V2_COOKIE) {
        throw new IllegalArgumentException("malformed histogram encoding: not an HdrHistogram V2 uncompressed encoding (cookie 0x"
            + Integer.toHexString(header.getInt(0)) + ")");
      }
      if (header.getInt(4) != encodedHistogram.length - HEADER_BYTES) {
        throw new IllegalArgumentException("malformed histogram encoding: its header announces " + header.getInt(4)
            + " bytes of counts, " + (encodedHistogram.length - HEADER_BYTES) + " follow");
      }
      if (header.getInt(8) != 0) {
        throw new IllegalArgumentException("malformed histogram encoding: shifted histograms (normalizing offset "
            + header.getInt(8) + ") are not accepted");
      }
      requireSupported(header.getInt(12), header.getLong(16), header.getLong(24));
      Histogram histogram;
      try {
        histogram = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(encodedHistogram.clone()), 0);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("malformed histogram encoding: " + e.getMessage(), e);
      }
      return new Distribution(histogram, sum, unit, quantiles); // re-encoded: equal histograms always have equal bytes
    }

    /**
     * The key of a quantile in the report: {@code p} and the digits of the percentile without its
     * point: 0.5 &rarr; {@code p50}, 0.99 &rarr; {@code p99}, 0.999 &rarr; {@code p999}, 0.05 &rarr;
     * {@code p5}, 0.001 &rarr; {@code p01}.
     *
     * @param quantile a quantile strictly between 0 and 1
     * @return its key
     */
    public static String quantileKey(double quantile) {
      return "p" + BigDecimal.valueOf(quantile).scaleByPowerOfTen(2).stripTrailingZeros().toPlainString().replace(".", "");
    }

    /**
     * Checks a list of quantiles to report and returns an immutable copy.
     *
     * @param quantiles the quantiles
     * @return an immutable copy of them
     * @throws IllegalArgumentException unless each is finite, strictly between 0 and 1, greater than
     *     the one before, and of a {@linkplain #quantileKey key} no other has
     */
    public static List<Double> requireValidQuantiles(List<Double> quantiles) {
      Objects.requireNonNull(quantiles, "quantiles");
      if (quantiles.size() > MAX_QUANTILES) {
        throw new IllegalArgumentException("at most " + MAX_QUANTILES + " quantiles per distribution, got " + quantiles.size());
      }
      Set<String> keys = new HashSet<>();
      double previous = 0;
      for (Double quantile : quantiles) {
        if (quantile == null || !(quantile > 0 && quantile < 1)) {
          throw new IllegalArgumentException("a quantile must be strictly between 0 and 1 (0.99 for the 99th percentile), got " + quantile
              + " in " + quantiles);
        }
        if (quantile <= previous) {
          throw new IllegalArgumentException("quantiles must be given in increasing order, without repeats: " + quantiles);
        }
        if (!keys.add(quantileKey(quantile))) {
          throw new IllegalArgumentException("quantiles " + quantiles + " give the report key " + quantileKey(quantile) + " twice");
        }
        previous = quantile;
      }
      return List.copyOf(quantiles);
    }

    /**
     * Checks a histogram configuration that distributions accept.
     *
     * @param significantDigits the histogram's precision in significant decimal digits
     * @param lowestDiscernibleValue the smallest value it tells apart from 0
     * @param highestTrackableValue the largest value it tracks
     * @throws IllegalArgumentException unless {@code significantDigits} is 0 to {@value #MAX_SIGNIFICANT_DIGITS},
     *     {@code lowestDiscernibleValue} is 1, and {@code highestTrackableValue} is 2 to {@link #MAX_HIGHEST_TRACKABLE_VALUE}
     */
    public static void requireSupported(int significantDigits, long lowestDiscernibleValue, long highestTrackableValue) {
      if (significantDigits < 0 || significantDigits > MAX_SIGNIFICANT_DIGITS) {
        throw new IllegalArgumentException("significant digits must be 0 to " + MAX_SIGNIFICANT_DIGITS + ", got " + significantDigits);
      }
      if (lowestDiscernibleValue != 1) {
        throw new IllegalArgumentException("a distribution's histogram counts from 1 (lowest discernible value 1), got " + lowestDiscernibleValue);
      }
      if (highestTrackableValue < 2 || highestTrackableValue > MAX_HIGHEST_TRACKABLE_VALUE) {
        throw new IllegalArgumentException("the highest trackable value must be 2 to " + MAX_HIGHEST_TRACKABLE_VALUE + ", got " + highestTrackableValue);
      }
    }

    /**
     * How the recorded values are reported.
     *
     * @return the unit of the recorded values
     */
    public Unit unit() {
      return unit;
    }

    /**
     * The quantiles reported, in increasing order.
     *
     * @return an immutable list
     */
    public List<Double> quantiles() {
      return quantiles;
    }

    /**
     * The number of values.
     *
     * @return at least 1
     */
    public long count() {
      return count;
    }

    /**
     * The exact sum of the values, in the recorded unit (saturated at the {@code long} range).
     *
     * @return the sum
     */
    public long sum() {
      return sum;
    }

    /**
     * The largest value, in the recorded unit, as the histogram tells it (see the class comment).
     *
     * @return the largest value
     */
    public long max() {
      return max;
    }

    /**
     * The value at each of {@link #quantiles()}, in the recorded unit, in the same order.
     *
     * @return an immutable list
     */
    public List<Long> quantileValues() {
      return quantileValues;
    }

    /**
     * The histogram's precision in significant decimal digits.
     *
     * @return 0 to {@value #MAX_SIGNIFICANT_DIGITS}
     */
    public int significantDigits() {
      return significantDigits;
    }

    /**
     * The largest value the histogram tracks, in the recorded unit.
     *
     * @return at most {@link #MAX_HIGHEST_TRACKABLE_VALUE}
     */
    public long highestTrackableValue() {
      return highestTrackableValue;
    }

    /**
     * The histogram's HdrHistogram V2 encoding (a copy): what {@link #decode} reads back.
     *
     * @return a new array
     */
    public byte[] encodedHistogram() {
      return encoded.clone();
    }

    /**
     * A new histogram holding the values, for figures the report does not show (any percentile, the mean).
     *
     * @return a new histogram, which the caller may change
     */
    public Histogram toHistogram() {
      return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(encoded.clone()), 0);
    }

    /**
     * The count, the percentiles and the maximum, in the report's unit (see the class comment).
     *
     * @return an immutable map
     */
    @Override
    public Map<String, Object> reportValue() {
      return report;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Distribution.class, this, other, Distribution::add);
    }

    private Distribution add(Distribution that) {
      if (unit != that.unit || !quantiles.equals(that.quantiles) || significantDigits != that.significantDigits
          || highestTrackableValue != that.highestTrackableValue) {
        throw new IllegalArgumentException("cannot merge " + shape() + " with " + that.shape()
            + ": the same counter is configured differently in the merged reports");
      }
      Histogram both = toHistogram();
      both.add(that.toHistogram()); // same configuration: adds the counts index by index
      return new Distribution(both, Saturating.add(sum, that.sum), unit, quantiles);
    }

    private String shape() {
      return "Distribution[" + unit + ", quantiles " + quantiles + ", " + significantDigits + " digits, highest " + highestTrackableValue + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Distribution that && unit == that.unit && sum == that.sum && quantiles.equals(that.quantiles)
          && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
      return (Objects.hash(unit, quantiles, sum) * 31) + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return "Distribution" + report + "[" + unit + ", sum " + sum + ", " + significantDigits + " digits, highest " + highestTrackableValue + "]";
    }
  }

  /**
   * How many values a counter has seen since it started and their exact sum, in the recorded unit
   * ({@link Distribution.Unit#NANOSECONDS} for times): an average counter's
   * {@linkplain Counter#sinceStart since-start} figures, which never expire, so exporters can publish
   * them as series that never go down (Prometheus' {@code _count} and {@code _sum}). Reported as
   * {@code {"count": n, "sum": s}} (the sum in seconds for times); merged by adding.
   *
   * @param count how many values, at least 1
   * @param sum their sum in the recorded unit, saturated at the {@code long} range
   * @param unit how the sum is reported
   */
  record CountAndSum(long count, long sum, Distribution.Unit unit) implements CounterValue {
    /**
     * Checks the count and the unit.
     *
     * @param count how many values
     * @param sum their sum in the recorded unit
     * @param unit how the sum is reported
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public CountAndSum {
      if (count <= 0) {
        throw new IllegalArgumentException("a count and sum needs a positive count, got " + count);
      }
      Objects.requireNonNull(unit, "unit");
    }

    /**
     * The sum as a report shows it.
     *
     * @return the {@link Long} itself, or a {@link Double} of seconds
     */
    public Number reportSum() {
      return unit.report(sum);
    }

    @Override
    public Object reportValue() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("count", count);
      out.put("sum", reportSum());
      return Collections.unmodifiableMap(out);
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(CountAndSum.class, this, other, (a, b) -> {
        if (a.unit != b.unit) {
          throw new IllegalArgumentException("cannot merge sums in " + a.unit + " with sums in " + b.unit);
        }
        return new CountAndSum(Math.addExact(a.count, b.count), Saturating.add(a.sum, b.sum), a.unit);
      });
    }
  }

  /**
   * A counter's value paired with its {@linkplain Counter#sinceStart since-start} figures, as
   * {@link EventDispatcher#values} hands them to a {@link Snapshot}; the snapshot keeps the two apart
   * ({@link Snapshot#values()}, {@link Snapshot#sinceStart()}), so no snapshot value, report or
   * message ever holds one. It reports and merges as its {@code value}: the since-start figures are
   * one process's own (a merged total would go down when a process leaves).
   *
   * @param value the counter's value, as {@link Counter#value} gave it
   * @param sinceStart what the counter has counted since it started, not {@link Empty}
   */
  record WithSinceStart(CounterValue value, CounterValue sinceStart) implements CounterValue {
    /**
     * Checks that both are plain values.
     *
     * @param value the counter's value
     * @param sinceStart what the counter has counted since it started
     * @throws IllegalArgumentException if either is itself a pair, or {@code sinceStart} is {@link Empty}
     */
    public WithSinceStart {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(sinceStart, "sinceStart");
      if (value instanceof WithSinceStart || sinceStart instanceof WithSinceStart || sinceStart instanceof Empty) {
        throw new IllegalArgumentException("since-start figures pair a plain value with a plain, non-empty one: " + value + ", " + sinceStart);
      }
    }

    /**
     * A value with its since-start figures, if any.
     *
     * @param value the counter's value
     * @param sinceStart what the counter has counted since it started, or {@code null}
     * @return {@code value}, paired with {@code sinceStart} unless that is {@code null} or {@link Empty}
     */
    public static CounterValue of(CounterValue value, CounterValue sinceStart) {
      return sinceStart == null || sinceStart instanceof Empty ? value : new WithSinceStart(value, sinceStart);
    }

    @Override
    public Object reportValue() {
      return value.reportValue();
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return value.merge(other instanceof WithSinceStart pair ? pair.value : other);
    }
  }

  /**
   * The values of a counter registered on an {@link EventFamily}: one per label set, keyed by the
   * label set's {@linkplain LabelKeys key} ({@code method=GET,status=200}, labels in the family's
   * order; the empty key holds the events reported under the plain name, if any), in key order.
   * Reported as a map of key to each value's report; merged key by key, each by its own rule (a key
   * on one side only is kept as it is).
   *
   * @param labelNames the family's label names, in order
   * @param series label set key to value, none of them {@link WithSinceStart}
   */
  record Labelled(List<String> labelNames, Map<String, CounterValue> series) implements CounterValue {
    /**
     * Keeps immutable copies, the series in key order.
     *
     * @param labelNames the family's label names
     * @param series label set key to value
     * @throws IllegalArgumentException if there is no label name, or a value is a pair or itself labelled
     */
    public Labelled {
      labelNames = List.copyOf(Objects.requireNonNull(labelNames, "labelNames"));
      if (labelNames.isEmpty()) {
        throw new IllegalArgumentException("a labelled value needs at least one label name");
      }
      Objects.requireNonNull(series, "series");
      series.forEach((key, value) -> {
        Objects.requireNonNull(value, () -> "label set '" + key + "' has no value");
        if (value instanceof WithSinceStart || value instanceof Labelled) {
          throw new IllegalArgumentException("label set '" + key + "' holds a " + value.getClass().getSimpleName()
              + ", a labelled value holds plain values");
        }
      });
      series = Collections.unmodifiableMap(new TreeMap<>(series));
    }

    /**
     * The label values of a key of {@link #series()}.
     *
     * @param key a label set key, {@code method=GET,status=200}
     * @return the values in the order of {@link #labelNames()}; empty for the empty key
     */
    public List<String> labelValues(String key) {
      return LabelKeys.parse(key, labelNames);
    }

    @Override
    public Object reportValue() {
      Map<String, Object> out = new LinkedHashMap<>();
      series.forEach((key, value) -> out.put(key, value.reportValue()));
      return Collections.unmodifiableMap(out);
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return mergeSameKind(Labelled.class, this, other, (a, b) -> {
        if (!a.labelNames.equals(b.labelNames)) {
          throw new IllegalArgumentException("cannot merge values labelled " + a.labelNames + " with values labelled " + b.labelNames);
        }
        Map<String, CounterValue> merged = new TreeMap<>(a.series);
        b.series.forEach((key, value) -> merged.merge(key, value, CounterValue::merge));
        return new Labelled(a.labelNames, merged);
      });
    }
  }

  /**
   * The shape every kind's merge shares: {@code self} when {@code other} is {@link Empty}, else
   * {@code rule(self, other)} when {@code other} is of {@code kind}, else a failure.
   */
  private static <T extends CounterValue> CounterValue mergeSameKind(Class<T> kind, T self, CounterValue other, BinaryOperator<T> rule) {
    if (other instanceof Empty) {
      return self;
    }
    if (!kind.isInstance(other)) {
      throw new IllegalArgumentException(
          "cannot merge " + self.getClass().getSimpleName() + " with " + (other == null ? "null" : other.getClass().getSimpleName())
              + ": the same counter name has different kinds in the merged reports");
    }
    return rule.apply(self, kind.cast(other));
  }
}
