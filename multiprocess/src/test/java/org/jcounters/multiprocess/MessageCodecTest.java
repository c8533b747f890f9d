package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Distribution;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static final String ID = "host_42_1_1700000000000";
  private final MessageCodec codec = new MessageCodec(1 << 20);

  private Message roundTrip(Message message) throws IOException {
    return codec.decode(codec.encode(message));
  }

  private Message decode(String json) throws ProtocolException {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Distribution distribution(Distribution.Unit unit, List<Double> quantiles, int digits, long highest, long... values) {
    Histogram histogram = new Histogram(1, highest, digits);
    long sum = 0;
    for (long v : values) {
      histogram.recordValue(v);
      sum += v;
    }
    return Distribution.of(histogram, sum, unit, quantiles);
  }

  private static Distribution small() {
    return distribution(Distribution.Unit.RAW, List.of(0.5), 1, 1000, 3, 5);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A values message whose counter x is this distribution, written by hand. */
  private static String distributionJson(String unit, String quantiles, String sum, String histogram) {
    return "{\"type\":\"values\",\"round\":1,\"droppedEvents\":0,\"epochMillis\":0,\"values\":{\"x\":{\"kind\":\"distribution\",\"unit\":"
        + unit + ",\"quantiles\":" + quantiles + ",\"sum\":" + sum + ",\"histogram\":" + histogram + "}}}";
  }

  @Test
  void shouldRoundTripEveryMessageType() throws IOException {
    byte[] nonce = SharedSecret.nonce();
    byte[] mac = new byte[32];
    assertThat(roundTrip(new Message.Hello(ID, nonce, true))).isInstanceOfSatisfying(Message.Hello.class, h -> {
      assertThat(h.nodeId()).isEqualTo(ID);
      assertThat(h.nonce()).isEqualTo(nonce);
      assertThat(h.probe()).isTrue();
    });
    assertThat(((Message.Challenge) roundTrip(new Message.Challenge(nonce))).nonce()).isEqualTo(nonce);
    assertThat(((Message.Auth) roundTrip(new Message.Auth(mac))).mac()).isEqualTo(mac);
    Message.Welcome welcome = (Message.Welcome) roundTrip(new Message.Welcome(ID, 1, null));
    assertThat(welcome.leaderId()).isEqualTo(ID);
    assertThat(welcome.level()).isEqualTo(1);
    assertThat(welcome.mac()).isNull();
    assertThat(roundTrip(new Message.Reject("no"))).isEqualTo(new Message.Reject("no"));
    assertThat(roundTrip(new Message.Collect(7, List.of(ID)))).isEqualTo(new Message.Collect(7, List.of(ID)));
    assertThat(roundTrip(new Message.CollectFailed(7, "too big"))).isEqualTo(new Message.CollectFailed(7, "too big"));
    assertThat(roundTrip(new Message.Ping(3))).isEqualTo(new Message.Ping(3));
    assertThat(roundTrip(new Message.Pong(3))).isEqualTo(new Message.Pong(3));
    assertThat(roundTrip(new Message.Reconnect(0))).isEqualTo(new Message.Reconnect(0));
  }

  @Test
  void shouldCarryEveryCounterValueKindSoMergeRulesSurviveTheWire() throws IOException {
    Map<String, CounterValue> values = new LinkedHashMap<>();
    values.put("empty", CounterValue.empty());
    values.put("long", new CounterValue.LongSum(Long.MIN_VALUE));
    values.put("double", new CounterValue.DoubleSum(0.1));
    values.put("nan", new CounterValue.DoubleSum(Double.NaN));
    values.put("inf", new CounterValue.DoubleSum(Double.NEGATIVE_INFINITY));
    values.put("avg", new CounterValue.Average(2.5, 4));
    values.put("max", new CounterValue.Max(Long.MAX_VALUE));
    values.put("min", new CounterValue.Min(-3));
    values.put("acc", new CounterValue.Accumulated(Map.of("a", new CounterValue.LongSum(1),
        "b", new CounterValue.Accumulated(Map.of("c", new CounterValue.Average(1.0, 1))),
        "d", distribution(Distribution.Unit.RAW, List.of(0.25, 0.75), 0, 100, 1, 50))));
    values.put("dist", distribution(Distribution.Unit.RAW, Distribution.DEFAULT_QUANTILES, 2, 1_000_000, 1, 2, 3, 999_999));
    values.put("timing", distribution(Distribution.Unit.NANOSECONDS, List.of(0.001, 0.5, 0.9999), 3,
        Distribution.MAX_HIGHEST_TRACKABLE_VALUE, 1, 1_500_000, Distribution.MAX_HIGHEST_TRACKABLE_VALUE));
    Histogram one = new Histogram(1, 10, 0);
    one.recordValue(10);
    values.put("no_quantiles", Distribution.of(one, Long.MIN_VALUE, Distribution.Unit.RAW, List.of()));
    Message.Values sent = new Message.Values(9, values, 5, 1234);
    assertThat(roundTrip(sent)).isEqualTo(sent);
  }

  @Test
  void shouldWriteTheDocumentedJson() throws IOException {
    String json = new String(codec.encode(new Message.Values(1, Map.of("n", new CounterValue.Average(2.5, 4)), 0, 5)),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(
        "{\"type\":\"values\",\"round\":1,\"values\":{\"n\":{\"kind\":\"average\",\"mean\":2.5,\"count\":4}},\"droppedEvents\":0,\"epochMillis\":5}");
  }

  @Test
  void shouldWriteADistributionAsItsUnitQuantilesSumAndBase64Histogram() throws IOException {
    Distribution d = distribution(Distribution.Unit.NANOSECONDS, List.of(0.5, 0.99), 2, 3_600_000_000_000L, 1_000, 3_000);
    String json = new String(codec.encode(new Message.Values(1, Map.of("t", d), 0, 5)), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"type\":\"values\",\"round\":1,\"values\":{\"t\":{\"kind\":\"distribution\",\"unit\":\"nanoseconds\","
        + "\"quantiles\":[0.5,0.99],\"sum\":4000,\"histogram\":\"" + base64(d.encodedHistogram()) + "\"}},\"droppedEvents\":0,\"epochMillis\":5}");
    assertThat(json).contains("\"histogram\":\"HIST"); // the V2 cookie 0x1c849313, as HdrHistogram's tools show it
  }

  @Test
  void shouldBoundTheBase64OfAHistogramByTheLargestEncodingADistributionAccepts() {
    Histogram largest = new Histogram(1, Distribution.MAX_HIGHEST_TRACKABLE_VALUE, Distribution.MAX_SIGNIFICANT_DIGITS);
    assertThat(largest.getNeededByteBufferCapacity()).isEqualTo(CounterValueJson.MAX_HISTOGRAM_BYTES);
    assertThat(CounterValueJson.MAX_HISTOGRAM_BASE64_CHARS)
        .isEqualTo(base64(new byte[CounterValueJson.MAX_HISTOGRAM_BYTES]).length())
        .isLessThan(CollectionConfig.builder().build().maxFrameBytes() / 6);
  }

  @Test
  void shouldRefuseMalformedDistributionsWithTheCounterAndTheReason() {
    Distribution good = distribution(Distribution.Unit.RAW, List.of(0.5), 2, 1_000_000, 3, 5);
    String histogram = "\"" + base64(good.encodedHistogram()) + "\"";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(distributionJson("\"seconds\"", "[0.5]", "8", histogram), "\"unit\" of distribution 'x' must be");
    bad.put(distributionJson("1", "[0.5]", "8", histogram), "\"unit\" of distribution 'x' must be");
    bad.put(distributionJson("\"raw\"", "0.5", "8", histogram), "\"quantiles\" of distribution 'x' must be an array");
    bad.put(distributionJson("\"raw\"", "[\"0.5\"]", "8", histogram), "must be numbers like 0.99");
    bad.put(distributionJson("\"raw\"", "[1]", "8", histogram), "must be numbers like 0.99");
    bad.put(distributionJson("\"raw\"", "[1.0]", "8", histogram), "invalid counter value 'x': a quantile must be strictly between 0 and 1");
    bad.put(distributionJson("\"raw\"", "[0.9,0.5]", "8", histogram), "increasing order");
    bad.put(distributionJson("\"raw\"", "[0.5,0.5]", "8", histogram), "increasing order");
    bad.put(distributionJson("\"raw\"", "[0.015,0.15]", "8", histogram), "twice"); // p15 both
    bad.put(distributionJson("\"raw\"", "[" + "0.5,".repeat(CounterValueJson.MAX_QUANTILES) + "0.5]", "8", histogram),
        "at most " + CounterValueJson.MAX_QUANTILES);
    bad.put(distributionJson("\"raw\"", "[0.5]", "8.0", histogram), "\"sum\" must be an integer");
    bad.put(distributionJson("\"raw\"", "[0.5]", "99999999999999999999", histogram), "\"sum\" must be an integer");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "7"), "\"histogram\" of distribution 'x' must be a base64 string");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + "A".repeat(CounterValueJson.MAX_HISTOGRAM_BASE64_CHARS + 4) + "\""),
        "at most " + CounterValueJson.MAX_HISTOGRAM_BASE64_CHARS + " chars");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"not base64!\""), "is not valid base64");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"\""), "malformed histogram encoding: 0 bytes");
    byte[] encoded = good.encodedHistogram();
    byte[] wrongCookie = encoded.clone();
    wrongCookie[0] ^= 1;
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + base64(wrongCookie) + "\""), "not an HdrHistogram V2");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + base64(Arrays.copyOf(encoded, encoded.length - 1)) + "\""),
        "its header announces");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + base64(withHeader(encoded, 12, 4)) + "\""), "significant digits must be 0 to 3");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + base64(withHeaderLong(encoded, 16, 1000)) + "\""), "counts from 1");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", "\"" + base64(withHeaderLong(encoded, 24, Long.MAX_VALUE)) + "\""),
        "highest trackable value must be");
    Histogram empty = new Histogram(1, 1_000_000, 2);
    ByteBuffer buffer = ByteBuffer.allocate(empty.getNeededByteBufferCapacity());
    byte[] emptyEncoded = Arrays.copyOf(buffer.array(), empty.encodeIntoByteBuffer(buffer));
    bad.put(distributionJson("\"raw\"", "[0.5]", "0", "\"" + base64(emptyEncoded) + "\""), "at least one value");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", histogram).replace("\"sum\":8,", ""), "missing field \"sum\"");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", histogram).replace("\"sum\":8,", "\"sum\":8,\"max\":5,"), "unexpected field \"max\"");
    bad.put(distributionJson("\"raw\"", "[0.5]", "8", histogram).replace("\"sum\":8,", "\"sum\":8,\"sum\":9,"), "Duplicate field 'sum'");
    bad.forEach((json, reason) -> assertThat(catchThrowable(() -> decode(json))).describedAs(json.length() > 300 ? reason : json)
        .isInstanceOf(ProtocolException.class).hasMessageContaining(reason));
    // the same histogram, well-formed, is read (so each case above fails for its own reason)
    assertThat(catchThrowable(() -> decode(distributionJson("\"raw\"", "[0.5]", "8", histogram)))).isNull();
  }

  private static byte[] withHeader(byte[] encoded, int offset, int value) {
    byte[] out = encoded.clone();
    ByteBuffer.wrap(out).putInt(offset, value);
    return out;
  }

  private static byte[] withHeaderLong(byte[] encoded, int offset, long value) {
    byte[] out = encoded.clone();
    ByteBuffer.wrap(out).putLong(offset, value);
    return out;
  }

  @Test
  void shouldBoundTheDistributionsOfOneMessageOnBothSides() throws IOException {
    Map<String, CounterValue> most = new LinkedHashMap<>();
    IntStream.range(0, CounterValueJson.MAX_DISTRIBUTIONS).forEach(i -> most.put("d" + i, small()));
    Message.Values allowed = new Message.Values(1, most, 0, 0);
    assertThat(roundTrip(allowed)).isEqualTo(allowed);
    // one more, nested in an accumulated value: the writer refuses, and so does the reader
    Map<String, CounterValue> tooMany = new LinkedHashMap<>(most);
    tooMany.put("acc", new CounterValue.Accumulated(Map.of("one_more", small())));
    Message.Values refused = new Message.Values(1, tooMany, 0, 0);
    assertThatThrownBy(() -> codec.encode(refused)).isInstanceOf(CounterValueJson.LimitExceededException.class)
        .hasMessageContaining("more than " + CounterValueJson.MAX_DISTRIBUTIONS + " distributions");
    String oneMore = "{\"kind\":\"distribution\",\"unit\":\"raw\",\"quantiles\":[0.5],\"sum\":8,\"histogram\":\""
        + base64(small().encodedHistogram()) + "\"}";
    String json = new String(codec.encode(allowed), StandardCharsets.UTF_8)
        .replace("\"values\":{", "\"values\":{\"acc\":{\"kind\":\"accumulated\",\"entries\":{\"one_more\":" + oneMore + "}},");
    assertThatThrownBy(() -> decode(json)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than " + CounterValueJson.MAX_DISTRIBUTIONS + " distributions in one message");
  }

  @Test
  void shouldRefuseAnythingOutsideTheClosedSet() {
    assertThatThrownBy(() -> decode("{\"type\":\"shutdown\"}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"seq\":1}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"@class\":\"java.lang.ProcessBuilder\",\"type\":\"ping\",\"seq\":1}"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"org.jcounters.multiprocess.Message$Ping\",\"seq\":1}"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("[\"ping\",{\"seq\":1}]")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("null")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRefuseUnknownMissingDuplicateAndTrailingFields() {
    assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"seq\":1,\"extra\":2}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"ping\"}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"seq\":1,\"seq\":2}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"seq\":1} {}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"reconnect\",\"level\":99}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"hello\",\"nodeId\":\"a b\",\"nonce\":\"AAAA\",\"probe\":false}"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void shouldRefuseMalformedCounterValues() {
    String prefix = "{\"type\":\"values\",\"round\":1,\"droppedEvents\":0,\"epochMillis\":0,\"values\":{\"x\":";
    for (String bad : List.of(
        "null", "5", "{}", "{\"kind\":\"long_sum\",\"value\":1.5}", "{\"kind\":\"long_sum\",\"value\":99999999999999999999}",
        "{\"kind\":\"long_sum\"}", "{\"kind\":\"long_sum\",\"value\":1,\"more\":1}", "{\"kind\":\"average\",\"mean\":1,\"count\":0}",
        "{\"kind\":\"double_sum\",\"value\":\"lots\"}", "{\"kind\":\"histogram\",\"value\":1}",
        "{\"kind\":\"accumulated\",\"entries\":[]}", "{\"kind\":\"double_sum\",\"value\":1e999999}")) {
      assertThat(catchThrowable(() -> decode(prefix + bad + "}}"))).describedAs(bad).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void shouldRefuseDeepNestingAndLongNumbers() {
    String deep = "{\"kind\":\"accumulated\",\"entries\":{\"a\":".repeat(20) + "{\"kind\":\"empty\"}" + "}}".repeat(20);
    assertThatThrownBy(() -> decode("{\"type\":\"values\",\"round\":1,\"droppedEvents\":0,\"epochMillis\":0,\"values\":{\"x\":" + deep + "}}"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"seq\":" + "9".repeat(1000) + "}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> decode("[".repeat(5000) + "]".repeat(5000))).isInstanceOf(ProtocolException.class);
  }
}
