package org.jcounters.internal.reporters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;

/**
 * A report as PyCounters writes it: one flat map, counter name to number or {@code null}, plus
 * the {@code __x__} keys; and the text form of its numbers. Shared by the JSON file, the log and
 * the Munin helper so that all three show a value the same way.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportValues {
  private static final JsonFactory JSON = new JsonFactory();

  private ReportValues() {}

  /**
   * The text of one report value as the log and other line-based outputs show it: {@code null},
   * a {@linkplain #formatNumber number}, or a nested map as compact JSON ({@code {"a":3,"b":0.5}}).
   */
  public static String toText(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number) {
      Number number = (Number) value;
      return number instanceof Double && !Double.isFinite(number.doubleValue()) ? "null" : formatNumber(number);
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      writeJson(json, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to a string", e);
    }
    return text.toString();
  }

  /** Writes a flat report, or one of its values, as JSON with PyCounters' number forms. */
  public static void writeJson(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Number) {
      Number number = (Number) value;
      if (number instanceof Double && !Double.isFinite(number.doubleValue())) {
        json.writeNull(); // JSON has no NaN: flatten() already turned them into nulls, this is the last guard
      } else {
        // Raw number text: Jackson would write 1.712345678E9 for a collection time; PyCounters writes 1712345678.0.
        json.writeNumber(formatNumber(number));
      }
    } else if (value instanceof Map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        json.writeFieldName(String.valueOf(entry.getKey()));
        writeJson(json, entry.getValue());
      }
      json.writeEndObject();
    } else {
      throw new IllegalArgumentException("a report holds numbers, maps and nulls, not " + value.getClass().getName());
    }
  }

  /**
   * The flat PyCounters map of {@code report}, in a stable order: counters by name, then
   * {@value Report#COLLECTION_TIME_KEY} (Unix seconds, a {@link Double}),
   * {@value Report#DROPPED_EVENTS_KEY} (a {@link Long}) and, only for a multi-process leader,
   * {@value Report#NODE_REPORTS_KEY} (node id to that node's flat counter values),
   * {@value Report#LEADER_EPOCH_KEY} (a {@link Long}) and {@value Report#STALE_NODES_KEY} (node id to
   * the age in seconds of the values carried forward for it).
   *
   * <p>Values are {@link Long}, {@link Double}, {@code Map<String, Object>} (a
   * {@code ValueAccumulator}'s sums, a percentile counter's count, percentiles and max) or
   * {@code null} (no data). A NaN or infinite double becomes
   * {@code null}: JSON has no such numbers, and "no meaningful value" is what they mean.
   *
   * @throws IllegalArgumentException if a counter is named like one of the {@code __x__} keys above
   */
  public static Map<String, Object> flatten(Report report) {
    Map<String, Object> flat = new LinkedHashMap<>();
    putCounters(flat, report.values());
    flat.put(Report.COLLECTION_TIME_KEY, report.collectionTime());
    flat.put(Report.DROPPED_EVENTS_KEY, report.droppedEvents());
    if (!report.nodeReports().isEmpty()) {
      Map<String, Object> nodes = new LinkedHashMap<>();
      report.nodeReports().forEach((node, values) -> {
        Map<String, Object> nodeFlat = new LinkedHashMap<>();
        putCounters(nodeFlat, values);
        nodes.put(node, Collections.unmodifiableMap(nodeFlat));
      });
      flat.put(Report.NODE_REPORTS_KEY, Collections.unmodifiableMap(nodes));
    }
    if (report.leaderEpoch() > 0) {
      flat.put(Report.LEADER_EPOCH_KEY, report.leaderEpoch());
      flat.put(Report.STALE_NODES_KEY, Collections.unmodifiableMap(new LinkedHashMap<String, Object>(report.staleNodes())));
    }
    return Collections.unmodifiableMap(flat);
  }

  /** Whether {@code key} is one of the report's own {@code __x__} keys, which readers such as the log skip. */
  public static boolean isSpecialKey(String key) {
    return key.length() > 4 && key.startsWith("__") && key.endsWith("__");
  }

  /**
   * The text of a report number: a {@link Long} in decimal, a {@link Double} as a JSON float that
   * Python reads back as the same {@code float} ({@code 1712345678.25}, {@code 0.00039}, {@code 2.0};
   * exponent form only below 1e-4 or from 1e16 on, where plain digits would run long).
   *
   * @throws IllegalArgumentException for NaN, infinities and non-numbers
   */
  public static String formatNumber(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + d);
      }
      double magnitude = Math.abs(d);
      if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
        return Double.toString(d); // e.g. 1.0E-20: valid JSON, read as a float
      }
      String plain = BigDecimal.valueOf(d).toPlainString();
      // Without a point Python would read an int: keep the float a float.
      return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
    if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
      return Long.toString(number.longValue());
    }
    if (number instanceof BigDecimal) {
      return ((BigDecimal) number).toPlainString();
    }
    if (number instanceof BigInteger) {
      return number.toString();
    }
    throw new IllegalArgumentException("not a report number: " + (number == null ? "null" : number.getClass().getName()));
  }

  private static void putCounters(Map<String, Object> flat, Map<String, CounterValue> values) {
    values.forEach((name, value) -> {
      if (isSpecialKey(name) && (name.equals(Report.COLLECTION_TIME_KEY) || name.equals(Report.DROPPED_EVENTS_KEY)
          || name.equals(Report.NODE_REPORTS_KEY) || name.equals(Report.LEADER_EPOCH_KEY) || name.equals(Report.STALE_NODES_KEY))) {
        throw new IllegalArgumentException("a counter is named '" + name + "', a key the report itself uses: rename the counter");
      }
      flat.put(name, finiteOrNull(value.reportValue()));
    });
  }

  private static Object finiteOrNull(Object value) {
    if (value instanceof Double && !Double.isFinite((Double) value)) {
      return null;
    }
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((key, entry) -> copy.put(String.valueOf(key), finiteOrNull(entry)));
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }
}
