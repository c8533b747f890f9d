package org.jcounters.multiprocess;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jcounters.core.CounterValue;

/**
 * The fixed counter values of test node {@code k}, and what merging any set of them must give. Values
 * are chosen so that every merge is exact in binary floating point (quarters and halves, small counts),
 * so tests compare with {@code isEqualTo}, not with a tolerance.
 */
final class KnownValues {
  private KnownValues() {}

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
    for (int k : nodes) {
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
    if (even > 0) {
      out.put("even_only", even);
    }
    return out;
  }
}
