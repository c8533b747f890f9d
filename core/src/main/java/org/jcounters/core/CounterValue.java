package org.jcounters.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The value of one counter at one moment, carrying its own merge rule so that reports from several
 * processes can be combined without knowing which counter produced them.
 *
 * <ul>
 *   <li>{@link LongSum}, {@link DoubleSum}: accumulative, merged by adding.</li>
 *   <li>{@link Average}: merged weighted by the number of samples each side averaged.</li>
 *   <li>{@link Max}, {@link Min}: merged by taking the larger, the smaller.</li>
 *   <li>{@link Accumulated}: a map of named values, merged key by key with each entry's own rule.</li>
 *   <li>{@link Empty}: a counter that has seen no data; reported as {@code null}, ignored by merges.</li>
 * </ul>
 *
 * <p>Values are immutable and safe to share between threads.
 */
public sealed interface CounterValue
    permits CounterValue.Empty, CounterValue.LongSum, CounterValue.DoubleSum, CounterValue.Average,
        CounterValue.Max, CounterValue.Min, CounterValue.Accumulated {

  /** The value as a report shows it: a {@link Long}, a {@link Double}, a {@code Map<String, Object>} or {@code null}. */
  Object reportValue();

  /**
   * Combines this value with another of the same kind by this kind's rule.
   *
   * @throws IllegalArgumentException if {@code other} is of a different kind (two processes disagree on what a counter is)
   */
  CounterValue merge(CounterValue other);

  /** The value of a counter with no data. */
  static CounterValue empty() {
    return Empty.INSTANCE;
  }

  /** A counter that has seen no data yet: reported as {@code null}. */
  enum Empty implements CounterValue {
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

  /** An exact integral total (sums of values, counts of events); merged by adding. */
  record LongSum(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return other instanceof Empty ? this : new LongSum(Math.addExact(value, as(LongSum.class, this, other).value));
    }
  }

  /** A floating point total (frequencies, seconds); merged by adding. */
  record DoubleSum(double value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return other instanceof Empty ? this : new DoubleSum(value + as(DoubleSum.class, this, other).value);
    }
  }

  /** The mean of {@code count} samples; merged weighted by each side's count. */
  record Average(double mean, long count) implements CounterValue {
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
      if (other instanceof Empty) {
        return this;
      }
      Average that = as(Average.class, this, other);
      long total = count + that.count;
      return new Average((mean * count + that.mean * that.count) / total, total);
    }
  }

  /** The largest value seen; merged by taking the larger. */
  record Max(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return other instanceof Empty ? this : new Max(Math.max(value, as(Max.class, this, other).value));
    }
  }

  /** The smallest value seen; merged by taking the smaller. */
  record Min(long value) implements CounterValue {
    @Override
    public Object reportValue() {
      return value;
    }

    @Override
    public CounterValue merge(CounterValue other) {
      return other instanceof Empty ? this : new Min(Math.min(value, as(Min.class, this, other).value));
    }
  }

  /** Named values (a {@code ValueAccumulator}'s sums by event, a categorizer's seconds by category); merged key by key. */
  record Accumulated(Map<String, CounterValue> entries) implements CounterValue {
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
      if (other instanceof Empty) {
        return this;
      }
      Map<String, CounterValue> merged = new TreeMap<>(entries);
      as(Accumulated.class, this, other).entries.forEach((key, value) -> merged.merge(key, value, CounterValue::merge));
      return new Accumulated(merged);
    }
  }

  private static <T extends CounterValue> T as(Class<T> kind, CounterValue self, CounterValue other) {
    if (!kind.isInstance(other)) {
      throw new IllegalArgumentException(
          "cannot merge " + self.getClass().getSimpleName() + " with " + (other == null ? "null" : other.getClass().getSimpleName())
              + ": the same counter name has different kinds in the merged reports");
    }
    return kind.cast(other);
  }
}
