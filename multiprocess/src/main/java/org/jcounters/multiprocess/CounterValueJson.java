package org.jcounters.multiprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.internal.core.LabelKeys;

/**
 * {@link CounterValue} on the wire: a JSON object tagged with its kind, so the leader merges each
 * value by the rule of the kind the node sent, not by a guess from the number's shape.
 *
 * <pre>
 *  {"kind":"empty"}
 *  {"kind":"long_sum","value":12}          {"kind":"double_sum","value":1.5}
 *  {"kind":"max","value":9}                {"kind":"min","value":-3}
 *  {"kind":"average","mean":2.5,"count":4}
 *  {"kind":"accumulated","entries":{"name":{...}, ...}}
 *  {"kind":"distribution","unit":"nanoseconds","quantiles":[0.5,0.99],"sum":4200,"histogram":"HIST..."}
 *  {"kind":"labelled","labels":["method","status"],"series":{"method=GET,status=200":{...}, ...}}
 * </pre>
 *
 * <p>A labelled value (a counter registered on an event family) carries its label names and one value
 * per label set key ({@link org.jcounters.core.LabelKeys}: each key must be one of those names, in
 * order, or empty); its series are nested one level, within {@value #MAX_DEPTH}, and count against the
 * distribution limit below like any other; the frame limit bounds how many there may be.
 *
 * <p>Reading is strict: exactly the fields of the kind, integers where the value is integral, a
 * positive count, and accumulated values nested at most {@value #MAX_DEPTH} deep. Non-finite doubles
 * travel as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * <p>A distribution's {@code histogram} is the base64 of {@link Distribution#encodedHistogram()} (an
 * HdrHistogram V2 encoding), read back with {@link Distribution#decode}, which checks the header
 * before allocating; {@code unit} is {@code "raw"} or {@code "nanoseconds"}. Decoding one costs up to
 * a ~425 KiB histogram and a pass over it per quantile, whatever the few bytes that describe it, so
 * the wire bounds what a message can ask for: at most {@value #MAX_HISTOGRAM_BASE64_CHARS} base64
 * chars per histogram (the largest encoding of any histogram a distribution accepts), at most
 * {@value #MAX_QUANTILES} quantiles, at most {@value #MAX_DISTRIBUTIONS} distributions per message,
 * nested ones included (the quantile limit is core's own, {@link Distribution#MAX_QUANTILES}). Writing
 * checks the distribution count and refuses with a {@link LimitExceededException} rather than send
 * what the leader would refuse.
 */
final class CounterValueJson {
  /** A categorizer's map of totals is one level; a few more leave room without allowing stack games. */
  static final int MAX_DEPTH = 8;
  /**
   * The longest V2 encoding of a histogram {@link Distribution} accepts (3 digits up to
   * {@link Distribution#MAX_HIGHEST_TRACKABLE_VALUE}): a 40-byte header and 54,272 counts of at most 9
   * bytes each, HdrHistogram's {@code getNeededByteBufferCapacity()} for it (a test checks).
   */
  static final int MAX_HISTOGRAM_BYTES = 488_488;
  /** {@link #MAX_HISTOGRAM_BYTES} in padded base64: 651,320 chars, under a sixth of the default 4 MiB frame. */
  static final int MAX_HISTOGRAM_BASE64_CHARS = 4 * ((MAX_HISTOGRAM_BYTES + 2) / 3);
  /** Each quantile is one more pass over the histogram when it is decoded; dashboards show a handful. */
  static final int MAX_QUANTILES = CounterValue.Distribution.MAX_QUANTILES;
  /**
   * Each distribution decoded allocates a histogram of up to ~425 KiB and passes over it once per
   * quantile, whatever its size on the wire; a percentile counter holds ~450 KiB in its window, so a
   * process with more than this many is unlikely.
   */
  static final int MAX_DISTRIBUTIONS = 256;

  /** Per-call attribute: how many distributions this message has read or written so far. */
  private static final Object DISTRIBUTIONS_SEEN = new Object();

  private CounterValueJson() {}

  /** A Jackson module that reads and writes {@link CounterValue} in the format above. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("jcounters-counter-value");
    module.addSerializer(CounterValue.class, new Serializer());
    module.addDeserializer(CounterValue.class, new Deserializer());
    return module;
  }

  private static final class Serializer extends StdSerializer<CounterValue> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(CounterValue.class);
    }

    @Override
    public void serialize(CounterValue value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject();
      if (value instanceof CounterValue.Empty) {
        gen.writeStringField("kind", "empty");
      } else if (value instanceof CounterValue.LongSum v) {
        gen.writeStringField("kind", "long_sum");
        gen.writeNumberField("value", v.value());
      } else if (value instanceof CounterValue.DoubleSum v) {
        gen.writeStringField("kind", "double_sum");
        gen.writeNumberField("value", v.value());
      } else if (value instanceof CounterValue.Average v) {
        gen.writeStringField("kind", "average");
        gen.writeNumberField("mean", v.mean());
        gen.writeNumberField("count", v.count());
      } else if (value instanceof CounterValue.Max v) {
        gen.writeStringField("kind", "max");
        gen.writeNumberField("value", v.value());
      } else if (value instanceof CounterValue.Min v) {
        gen.writeStringField("kind", "min");
        gen.writeNumberField("value", v.value());
      } else if (value instanceof CounterValue.Accumulated v) {
        gen.writeStringField("kind", "accumulated");
        gen.writeObjectFieldStart("entries");
        for (Map.Entry<String, CounterValue> entry : v.entries().entrySet()) {
          gen.writeFieldName(entry.getKey());
          serialize(entry.getValue(), gen, provider);
        }
        gen.writeEndObject();
      } else if (value instanceof Distribution v) {
        writeDistribution(v, gen, provider);
      } else if (value instanceof CounterValue.Labelled v) {
        gen.writeStringField("kind", "labelled");
        gen.writeArrayFieldStart("labels");
        for (String label : v.labelNames()) {
          gen.writeString(label);
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("series");
        for (Map.Entry<String, CounterValue> entry : v.series().entrySet()) {
          gen.writeFieldName(entry.getKey());
          serialize(entry.getValue(), gen, provider);
        }
        gen.writeEndObject();
      } else {
        throw new IllegalStateException("unknown counter value kind " + value.getClass().getName());
      }
      gen.writeEndObject();
    }

    private static void writeDistribution(Distribution v, JsonGenerator gen, SerializerProvider provider) throws IOException {
      // At most MAX_QUANTILES quantiles: a Distribution cannot be built with more, so only the count is checked here.
      if (countDistribution(provider.getAttribute(DISTRIBUTIONS_SEEN), provider::setAttribute) > MAX_DISTRIBUTIONS) {
        throw new LimitExceededException(gen, "this node has more than " + MAX_DISTRIBUTIONS
            + " distributions (percentile counters), the protocol carries at most " + MAX_DISTRIBUTIONS + " per message");
      }
      gen.writeStringField("kind", "distribution");
      gen.writeStringField("unit", unitName(v.unit()));
      gen.writeArrayFieldStart("quantiles");
      for (double quantile : v.quantiles()) {
        gen.writeNumber(quantile);
      }
      gen.writeEndArray();
      gen.writeNumberField("sum", v.sum());
      gen.writeBinaryField("histogram", v.encodedHistogram());
    }
  }

  /** Counts one more distribution in this call's attribute; returns the count so far, this one included. */
  private static int countDistribution(Object seen, BiConsumer<Object, Object> store) {
    int count = seen == null ? 1 : (Integer) seen + 1;
    store.accept(DISTRIBUTIONS_SEEN, count);
    return count;
  }

  private static String unitName(Distribution.Unit unit) {
    return switch (unit) {
      case RAW -> "raw";
      case NANOSECONDS -> "nanoseconds";
    };
  }

  /**
   * A value this node cannot send because it is beyond the protocol's limits (a distribution with too
   * many quantiles, too many distributions): a configuration the leader would refuse, reported to
   * the leader as {@code collect_failed} rather than sent.
   */
  static final class LimitExceededException extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(JsonGenerator gen, String message) {
      super(gen, message);
    }
  }

  private static final class Deserializer extends StdDeserializer<CounterValue> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(CounterValue.class);
    }

    @Override
    public CounterValue deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String name = p.currentName(); // the map key this value is read under, for error messages
      return read(ctxt.readTree(p), 0, name == null ? "?" : name, p, ctxt);
    }

    @Override
    public CounterValue getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      throw JsonMappingException.from(ctxt, "a counter value may not be null (use {\"kind\":\"empty\"})");
    }

    /** @param name the counter's name, dotted for accumulated entries ({@code status.200}), for messages */
    private static CounterValue read(JsonNode node, int depth, String name, JsonParser p, DeserializationContext ctxt) throws IOException {
      if (node == null || !node.isObject()) {
        throw JsonMappingException.from(p, "a counter value must be a JSON object");
      }
      if (depth > MAX_DEPTH) {
        throw JsonMappingException.from(p, "accumulated values nested deeper than " + MAX_DEPTH);
      }
      JsonNode kind = node.get("kind");
      if (kind == null || !kind.isTextual()) {
        throw JsonMappingException.from(p, "a counter value needs a string \"kind\"");
      }
      try {
        switch (kind.textValue()) {
          case "empty":
            fields(node, p, Set.of("kind"));
            return CounterValue.empty();
          case "long_sum":
            fields(node, p, Set.of("kind", "value"));
            return new CounterValue.LongSum(longField(node, "value", p));
          case "double_sum":
            fields(node, p, Set.of("kind", "value"));
            return new CounterValue.DoubleSum(doubleField(node, "value", p));
          case "average":
            fields(node, p, Set.of("kind", "mean", "count"));
            return new CounterValue.Average(doubleField(node, "mean", p), longField(node, "count", p));
          case "max":
            fields(node, p, Set.of("kind", "value"));
            return new CounterValue.Max(longField(node, "value", p));
          case "min":
            fields(node, p, Set.of("kind", "value"));
            return new CounterValue.Min(longField(node, "value", p));
          case "accumulated":
            fields(node, p, Set.of("kind", "entries"));
            JsonNode entries = node.get("entries");
            if (!entries.isObject()) {
              throw JsonMappingException.from(p, "\"entries\" must be a JSON object");
            }
            Map<String, CounterValue> out = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : entries.properties()) {
              out.put(entry.getKey(), read(entry.getValue(), depth + 1, name + "." + entry.getKey(), p, ctxt));
            }
            return new CounterValue.Accumulated(out);
          case "labelled":
            fields(node, p, Set.of("kind", "labels", "series"));
            return readLabelled(node, depth, name, p, ctxt);
          case "distribution":
            fields(node, p, Set.of("kind", "unit", "quantiles", "sum", "histogram"));
            if (countDistribution(ctxt.getAttribute(DISTRIBUTIONS_SEEN), ctxt::setAttribute) > MAX_DISTRIBUTIONS) {
              throw JsonMappingException.from(p, "more than " + MAX_DISTRIBUTIONS + " distributions in one message");
            }
            return readDistribution(node, name, p);
          default:
            throw JsonMappingException.from(p, "unknown counter value kind \"" + abbreviate(kind.textValue()) + "\"");
        }
      } catch (IllegalArgumentException e) {
        // a record refusing its fields (an average with no samples, a malformed histogram): the peer sent nonsense
        throw JsonMappingException.from(p, "invalid counter value '" + abbreviate(name) + "': " + e.getMessage(), e);
      }
    }

    private static CounterValue readLabelled(JsonNode node, int depth, String name, JsonParser p, DeserializationContext ctxt)
        throws IOException {
      JsonNode labelsNode = node.get("labels");
      if (!labelsNode.isArray() || labelsNode.isEmpty() || labelsNode.size() > LabelKeys.MAX_LABELS) {
        throw JsonMappingException.from(p, "\"labels\" of '" + abbreviate(name) + "' must be an array of 1 to " + LabelKeys.MAX_LABELS + " names");
      }
      String[] labels = new String[labelsNode.size()];
      for (int i = 0; i < labels.length; i++) {
        if (!labelsNode.get(i).isTextual()) {
          throw JsonMappingException.from(p, "\"labels\" of '" + abbreviate(name) + "' must be strings");
        }
        labels[i] = labelsNode.get(i).textValue();
      }
      List<String> labelNames = LabelKeys.requireValidLabelNames(name, labels); // IllegalArgumentException: caught by read
      JsonNode series = node.get("series");
      if (!series.isObject()) {
        throw JsonMappingException.from(p, "\"series\" must be a JSON object");
      }
      Map<String, CounterValue> out = new TreeMap<>();
      for (Map.Entry<String, JsonNode> entry : series.properties()) {
        LabelKeys.parse(entry.getKey(), labelNames); // a key of these labels, or the peer sent nonsense
        CounterValue value = read(entry.getValue(), depth + 1, name + "{" + entry.getKey() + "}", p, ctxt);
        out.put(entry.getKey(), value);
      }
      return new CounterValue.Labelled(labelNames, out);
    }

    private static Distribution readDistribution(JsonNode node, String name, JsonParser p) throws IOException {
      JsonNode unitNode = node.get("unit");
      Distribution.Unit unit;
      switch (unitNode.isTextual() ? unitNode.textValue() : "") {
        case "raw" -> unit = Distribution.Unit.RAW;
        case "nanoseconds" -> unit = Distribution.Unit.NANOSECONDS;
        default -> throw JsonMappingException.from(p, "\"unit\" of distribution '" + abbreviate(name)
            + "' must be \"raw\" or \"nanoseconds\"");
      }
      JsonNode quantilesNode = node.get("quantiles");
      if (!quantilesNode.isArray() || quantilesNode.size() > MAX_QUANTILES) {
        throw JsonMappingException.from(p, "\"quantiles\" of distribution '" + abbreviate(name) + "' must be an array of at most "
            + MAX_QUANTILES + " numbers");
      }
      List<Double> quantiles = new ArrayList<>(quantilesNode.size());
      for (JsonNode quantile : quantilesNode) {
        if (!quantile.isFloatingPointNumber()) {
          throw JsonMappingException.from(p, "\"quantiles\" of distribution '" + abbreviate(name) + "' must be numbers like 0.99");
        }
        quantiles.add(quantile.doubleValue()); // Distribution.decode checks each is in (0, 1), increasing, with distinct keys
      }
      long sum = longField(node, "sum", p);
      JsonNode histogram = node.get("histogram");
      // Checked before decoding the base64: a histogram beyond the largest legitimate one is refused unread.
      if (!histogram.isTextual() || histogram.textValue().length() > MAX_HISTOGRAM_BASE64_CHARS) {
        throw JsonMappingException.from(p, "\"histogram\" of distribution '" + abbreviate(name) + "' must be a base64 string of at most "
            + MAX_HISTOGRAM_BASE64_CHARS + " chars");
      }
      byte[] encoded;
      try {
        encoded = histogram.binaryValue(); // Jackson's base64, as every byte array of the protocol
      } catch (IOException e) {
        throw JsonMappingException.from(p, "\"histogram\" of distribution '" + abbreviate(name) + "' is not valid base64", e);
      }
      return Distribution.decode(encoded, sum, unit, quantiles); // IllegalArgumentException: caught by read
    }

    private static void fields(JsonNode node, JsonParser p, Set<String> expected) throws JsonMappingException {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        if (!expected.contains(name)) {
          throw JsonMappingException.from(p, "unexpected field \"" + abbreviate(name) + "\" in a counter value");
        }
      }
      for (String name : expected) {
        if (!node.has(name)) {
          throw JsonMappingException.from(p, "missing field \"" + name + "\" in a counter value");
        }
      }
    }

    private static long longField(JsonNode node, String name, JsonParser p) throws JsonMappingException {
      JsonNode v = node.get(name);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw JsonMappingException.from(p, "\"" + name + "\" must be an integer in the range of a long");
      }
      return v.longValue();
    }

    private static double doubleField(JsonNode node, String name, JsonParser p) throws JsonMappingException {
      JsonNode v = node.get(name);
      if (v.isNumber()) {
        double d = v.doubleValue();
        if (Double.isInfinite(d)) {
          // a writer sends infinities as strings; a number that overflows is a malformed one
          throw JsonMappingException.from(p, "\"" + name + "\" is out of the range of a double");
        }
        return d;
      }
      if (v.isTextual()) {
        switch (v.textValue()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw JsonMappingException.from(p, "\"" + name + "\" must be a number");
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
  }
}
