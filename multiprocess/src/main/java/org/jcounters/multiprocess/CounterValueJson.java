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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jcounters.core.CounterValue;

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
 * </pre>
 *
 * <p>Reading is strict: exactly the fields of the kind, integers where the value is integral, a
 * positive count, and accumulated values nested at most {@value #MAX_DEPTH} deep. Non-finite doubles
 * travel as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
final class CounterValueJson {
  /** A categorizer's map of totals is one level; a few more leave room without allowing stack games. */
  static final int MAX_DEPTH = 8;

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
      } else {
        throw new IllegalStateException("unknown counter value kind " + value.getClass().getName());
      }
      gen.writeEndObject();
    }
  }

  private static final class Deserializer extends StdDeserializer<CounterValue> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(CounterValue.class);
    }

    @Override
    public CounterValue deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(ctxt.readTree(p), 0, p);
    }

    @Override
    public CounterValue getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      throw JsonMappingException.from(ctxt, "a counter value may not be null (use {\"kind\":\"empty\"})");
    }

    private static CounterValue read(JsonNode node, int depth, JsonParser p) throws IOException {
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
              out.put(entry.getKey(), read(entry.getValue(), depth + 1, p));
            }
            return new CounterValue.Accumulated(out);
          default:
            throw JsonMappingException.from(p, "unknown counter value kind \"" + abbreviate(kind.textValue()) + "\"");
        }
      } catch (IllegalArgumentException e) {
        // a record refusing its fields (an average with no samples): the peer sent nonsense
        throw JsonMappingException.from(p, "invalid counter value: " + e.getMessage(), e);
      }
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
