package org.jcounters.multiprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.jcounters.internal.core.EventNames;

/**
 * Message bodies: {@link Message} to and from UTF-8 JSON with Jackson, configured to refuse
 * everything the protocol does not define. Thread-safe (Jackson readers and writers are immutable).
 *
 * <p>Beyond the closed set of types, the parser bounds what a hostile body can cost: nesting depth,
 * number length (no {@code 1e999999}-style big-number parsing) and name length are capped; duplicate
 * keys, trailing tokens, unknown and missing fields are errors.
 */
final class MessageCodec {
  /** A message is a few levels deep; accumulated counter values add {@link CounterValueJson#MAX_DEPTH}. */
  private static final int MAX_NESTING = 16 + 2 * CounterValueJson.MAX_DEPTH;
  /**
   * Longest JSON name (a counter name is a map key) in bytes: core's name limit, so that every name a
   * process accepts at {@code register} crosses the wire (Jackson counts bytes when parsing bytes).
   */
  static final int MAX_NAME_BYTES = EventNames.MAX_NAME_UTF8_BYTES;

  private final ObjectReader reader;
  private final ObjectWriter writer;

  MessageCodec(int maxFrameBytes) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxNumberLength(64)
            .maxNameLength(MAX_NAME_BYTES)
            .maxStringLength(maxFrameBytes)
            .maxDocumentLength(maxFrameBytes)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    JsonMapper mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
        .enable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
        .addModule(CounterValueJson.module())
        .build();
    this.reader = mapper.readerFor(Message.class);
    this.writer = mapper.writerFor(Message.class);
  }

  /**
   * @throws CounterValueJson.LimitExceededException if a counter value is beyond what the protocol carries
   *     (see {@link CounterValueJson}): the sender's configuration, not a bug
   */
  byte[] encode(Message message) throws CounterValueJson.LimitExceededException {
    try {
      return writer.writeValueAsBytes(message);
    } catch (CounterValueJson.LimitExceededException e) {
      throw e;
    } catch (JsonProcessingException e) {
      // our own records always serialize; failing here is a bug, not a peer's fault
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** @throws ProtocolException if the body is not exactly one well-formed message of a known type */
  Message decode(byte[] body) throws ProtocolException {
    // Jackson also accepts polymorphic values wrapped as ["type", {...}]; the protocol has one encoding.
    if (body.length == 0 || body[0] != '{') {
      throw new ProtocolException("malformed message: a body must be one JSON object");
    }
    try {
      Message message = reader.readValue(body);
      if (message == null) {
        throw new ProtocolException("empty message body");
      }
      return message;
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("malformed message: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no detail)";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
