package org.jcounters.multiprocess;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Distribution;

/**
 * The fixed counter values of test node {@code k}, and what merging any set of them must give. Values
 * are chosen so that every merge is exact in binary floating point (quarters and halves, small counts),
 * so tests compare with {@code isEqualTo}, not with a tolerance. The distribution {@code request_time}
 * (a default {@code PercentileWindowCounter.ofTimings}: 2 digits, up to an hour in nanoseconds) holds
 * values of 1 to 250 ns, all below 256 where such a histogram counts every integer apart, so its merged
 * count, percentiles and maximum are exact too.
 */
final class KnownValues {
  private KnownValues() {}

  /** The nanoseconds node k's {@code request_time} recorded: k + 3 values, one of them an outlier. */
  static List<Long> requestTimes(int k) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i <= k + 1; i++) {
      out.add(1 + (3L * k + 7L * i) % 200);
    }
    out.add(201 + (long) (k % 50));
    return out;
  }

  /** A distribution as a default timing percentile counter would report these values. */
  static Distribution requestTime(List<Long> nanos) {
    Histogram histogram = new Histogram(1, 3_600_000_000_000L, 2);
    long sum = 0;
    for (long v : nanos) {
      histogram.recordValue(v);
      sum += v;
    }
    return Distribution.of(histogram, sum, Distribution.Unit.NANOSECONDS, Distribution.DEFAULT_QUANTILES);
  }

  /** The report of a distribution of these values, by the nearest-rank rule, computed without HdrHistogram; null for none. */
  static Map<String, Object> nearestRankReport(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", (long) sorted.size());
    for (double q : Distribution.DEFAULT_QUANTILES) {
      // the smallest value that at least q of the values are at or below: rank ceil(q·n), exactly
      int rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(sorted.size())).setScale(0, RoundingMode.CEILING).intValueExact();
      out.put(Distribution.quantileKey(q), sorted.get(Math.max(rank, 1) - 1) / 1e9);
    }
    out.put("max", sorted.get(sorted.size() - 1) / 1e9);
    return out;
  }

  static Map<String, CounterValue> of(int k) {
    Map<String, CounterValue> values = new LinkedHashMap<>();
    values.put("index", new CounterValue.LongSum(k));
    values.put("requests", new CounterValue.LongSum(1000 + k));
    values.put("bytes", new CounterValue.DoubleSum(k * 0.25 + 0.5));
    values.put("latency", new CounterValue.Average(10.5 + k, k + 1));
    values.put("peak", new CounterValue.Max(100L * k + 7));
    values.put("floor", new CounterValue.Min(50 - k));
    values.put("status", new CounterValue.Accumulated(Map.of("200", new CounterValue.LongSum(10L * (k + 1)), "500", new CounterValue.LongSum(k))));
    values.put("idle", CounterValue.empty());
    values.put("request_time", requestTime(requestTimes(k)));
    if (k % 2 == 0) {
      values.put("even_only", new CounterValue.LongSum(1));
    }
    return values;
  }

  /** The report value (number, map or null) of each counter in node k's report. */
  static Map<String, Object> reportOf(int k) {
    Map<String, Object> out = new TreeMap<>();
    of(k).forEach((name, value) -> out.put(name, value.reportValue()));
    return out;
  }

  /** The report values of the merge of the given nodes, computed independently of the merger under test. */
  static Map<String, Object> mergedReport(Collection<Integer> nodes) {
    long index = 0;
    long requests = 0;
    double bytes = 0;
    double weighted = 0;
    long count = 0;
    long peak = Long.MIN_VALUE;
    long floor = Long.MAX_VALUE;
    long ok = 0;
    long errors = 0;
    long even = 0;
    List<Long> requestTimes = new ArrayList<>();
    for (int k : nodes) {
      requestTimes.addAll(requestTimes(k));
      index += k;
      requests += 1000 + k;
      bytes += k * 0.25 + 0.5;
      weighted += (10.5 + k) * (k + 1);
      count += k + 1;
      peak = Math.max(peak, 100L * k + 7);
      floor = Math.min(floor, 50 - k);
      ok += 10L * (k + 1);
      errors += k;
      even += k % 2 == 0 ? 1 : 0;
    }
    Map<String, Object> out = new TreeMap<>();
    out.put("index", index);
    out.put("requests", requests);
    out.put("bytes", bytes);
    out.put("latency", weighted / count);
    out.put("peak", peak);
    out.put("floor", floor);
    out.put("status", new TreeMap<>(Map.of("200", ok, "500", errors)));
    out.put("idle", null);
    out.put("request_time", nearestRankReport(requestTimes));
    if (even > 0) {
      out.put("even_only", even);
    }
    return out;
  }
}
