package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static final String ID = "host_42_1_1700000000000";
  private final MessageCodec codec = new MessageCodec(1 << 20);

  private Message roundTrip(Message message) throws ProtocolException {
    return codec.decode(codec.encode(message));
  }

  private Message decode(String json) throws ProtocolException {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRoundTripEveryMessageType() throws ProtocolException {
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
  void shouldCarryEveryCounterValueKindSoMergeRulesSurviveTheWire() throws ProtocolException {
    Map<String, CounterValue> values = Map.of(
        "empty", CounterValue.empty(),
        "long", new CounterValue.LongSum(Long.MIN_VALUE),
        "double", new CounterValue.DoubleSum(0.1),
        "nan", new CounterValue.DoubleSum(Double.NaN),
        "inf", new CounterValue.DoubleSum(Double.NEGATIVE_INFINITY),
        "avg", new CounterValue.Average(2.5, 4),
        "max", new CounterValue.Max(Long.MAX_VALUE),
        "min", new CounterValue.Min(-3),
        "acc", new CounterValue.Accumulated(Map.of("a", new CounterValue.LongSum(1),
            "b", new CounterValue.Accumulated(Map.of("c", new CounterValue.Average(1.0, 1))))));
    Message.Values sent = new Message.Values(9, values, 5, 1234);
    assertThat(roundTrip(sent)).isEqualTo(sent);
  }

  @Test
  void shouldWriteTheDocumentedJson() {
    String json = new String(codec.encode(new Message.Values(1, Map.of("n", new CounterValue.Average(2.5, 4)), 0, 5)),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(
        "{\"type\":\"values\",\"round\":1,\"values\":{\"n\":{\"kind\":\"average\",\"mean\":2.5,\"count\":4}},\"droppedEvents\":0,\"epochMillis\":5}");
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
