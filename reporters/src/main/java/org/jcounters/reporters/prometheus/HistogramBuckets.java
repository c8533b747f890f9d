package org.jcounters.reporters.prometheus;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import java.util.Arrays;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jcounters.core.CounterValue.Distribution;

/**
 * The upper bounds of a Prometheus classic histogram's buckets, in the unit the histogram is
 * exposed in (seconds for times), and the bucket counts of a JCounters {@link Distribution}.
 *
 * <p><b>Counts.</b> A distribution's values are kept in an HdrHistogram whose sub-buckets are about
 * one part in 10<sup>digits</sup> wide (1 % by default). Each sub-bucket is counted in the first
 * Prometheus bucket whose bound is at or above the highest value the sub-bucket holds, the rule
 * {@link Distribution}'s percentiles follow: a value is never counted below a bound it may exceed,
 * so a value within the precision just under a bound may be counted one bucket up. Counts derived
 * from a histogram that only grows never go down.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * HistogramBuckets latency = HistogramBuckets.of(0.001, 0.005, 0.025, 0.1, 0.5);   // seconds; +Inf is implied
 * }</pre>
 */
public final class HistogramBuckets {
  /** Bounds for times, in seconds: 100 µs to 10 s in 1-2.5-5 steps (client_java's own start at 5 ms, too coarse here). */
  public static final HistogramBuckets DEFAULT_SECONDS =
      of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
  /** Bounds for raw values (sizes, depths): powers of 4 from 1 to 2<sup>30</sup>. */
  public static final HistogramBuckets DEFAULT_VALUES = powersOfFour();

  private final double[] upperBounds; // the given bounds, then +Inf

  private HistogramBuckets(double[] upperBounds) {
    this.upperBounds = upperBounds;
  }

  /**
   * Buckets with these upper bounds, in increasing order; the {@code +Inf} bucket is added.
   *
   * @param upperBounds the bounds, in the unit the histogram is exposed in (seconds for times); copied
   * @return the buckets
   * @throws IllegalArgumentException unless at least one bound is given, each finite and greater than the one before
   * @throws NullPointerException if {@code upperBounds} is null
   */
  public static HistogramBuckets of(double... upperBounds) {
    Objects.requireNonNull(upperBounds, "upperBounds");
    if (upperBounds.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one bucket bound besides +Inf");
    }
    double[] bounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
    for (int i = 0; i < upperBounds.length; i++) {
      if (!Double.isFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1])) {
        throw new IllegalArgumentException("bucket bounds must be finite and increasing, without repeats: " + Arrays.toString(upperBounds));
      }
    }
    bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
    return new HistogramBuckets(bounds);
  }

  /** {@return the upper bounds, {@code +Inf} last: a copy} */
  public double[] upperBounds() {
    return upperBounds.clone();
  }

  /** The bucket counts of {@code distribution}'s values, in its report unit (seconds for times). */
  ClassicHistogramBuckets counts(Distribution distribution) {
    Histogram histogram = distribution.toHistogram();
    Distribution.Unit unit = distribution.unit();
    // client_java takes each bucket's own count, not the cumulative one.
    long[] counts = new long[upperBounds.length];
    for (HistogramIterationValue step : histogram.recordedValues()) {
      double value = unit.reportDouble(step.getValueIteratedTo());
      int index = Arrays.binarySearch(upperBounds, value);
      counts[index >= 0 ? index : -index - 1] += step.getCountAddedInThisIterationStep();
    }
    return ClassicHistogramBuckets.of(upperBounds, counts);
  }

  private static HistogramBuckets powersOfFour() {
    double[] bounds = new double[16];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = 1L << (2 * i);
    }
    return of(bounds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistogramBuckets that && Arrays.equals(upperBounds, that.upperBounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(upperBounds);
  }

  @Override
  public String toString() {
    return "HistogramBuckets" + Arrays.toString(upperBounds);
  }
}
