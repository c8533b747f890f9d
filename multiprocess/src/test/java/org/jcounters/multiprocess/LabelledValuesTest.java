package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.Labelled;
import org.jcounters.core.CounterValue.LongSum;
import org.junit.jupiter.api.Test;

/** Labelled values on the wire and in the merge: label set by label set, each by its values' rule. */
class LabelledValuesTest {
  private static final List<String> LABELS = List.of("method", "path");
  private final MessageCodec codec = new MessageCodec(1 << 20);

  @Test
  void shouldCarryLabelledValuesWithEscapedKeysThroughTheCodec() throws Exception {
    Labelled value = new Labelled(LABELS, Map.of("method=GET,path=/a\\,b", new LongSum(3), "method=POST,path=/", new Average(2.5, 4),
        "", new LongSum(1)));
    Message.Values sent = new Message.Values(1, Map.of("http", value), 0, 5);
    Message.Values received = (Message.Values) codec.decode(codec.encode(sent));
    assertThat(received.values().get("http")).isEqualTo(value);
  }

  @Test
  void shouldRefuseAKeyOfOtherLabels() throws Exception {
    String valid = new String(codec.encode(new Message.Values(1, Map.of("http",
        new Labelled(List.of("method"), Map.of("method=GET", new LongSum(1)))), 0, 5)), StandardCharsets.UTF_8);
    assertThat(valid).contains("\"kind\":\"labelled\"");
    assertThatThrownBy(() -> codec.decode(valid.replace("method=GET", "status=200").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a label set key");
  }

  @Test
  void shouldMergeEachLabelSetByItsRuleAndLeaveOutOtherLabels() {
    Labelled a = new Labelled(LABELS, Map.of("method=GET,path=/", new LongSum(3), "method=PUT,path=/", new Average(1.0, 1)));
    Labelled b = new Labelled(LABELS, Map.of("method=GET,path=/", new LongSum(4), "method=PUT,path=/", new Average(4.0, 3)));
    Labelled other = new Labelled(List.of("verb"), Map.of("verb=GET", new LongSum(100)));
    CounterValue merged = ReportMerger.mergeAll("http", List.of(a, b, other), List.of("n1", "n2", "n3"));
    assertThat(merged).isEqualTo(new Labelled(LABELS, Map.of("method=GET,path=/", new LongSum(7), "method=PUT,path=/", new Average(3.25, 4))));
  }
}
