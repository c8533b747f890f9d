package org.jcounters.multiprocess;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jcounters.core.CounterValue;

/**
 * The closed set of protocol messages. Each is one JSON object whose {@code "type"} names it; an
 * unknown type, a missing or unknown field is a protocol error. Type names are fixed strings, never
 * class names, so a peer can only ever make this process build one of the records below.
 *
 * <p>Direction and phase (N = node, L = leader):
 * <pre>
 *  handshake  N→L hello, L→N challenge (only with a secret), N→L auth, L→N welcome | reject
 *  session    L→N collect, N→L values | collect_failed;  L→N ping, N→L pong;  L→N reconnect
 * </pre>
 * Records validate their fields, so a decoded message is always well formed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Message.Challenge.class, name = "challenge"),
    @JsonSubTypes.Type(value = Message.Auth.class, name = "auth"),
    @JsonSubTypes.Type(value = Message.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = Message.Reject.class, name = "reject"),
    @JsonSubTypes.Type(value = Message.Collect.class, name = "collect"),
    @JsonSubTypes.Type(value = Message.Values.class, name = "values"),
    @JsonSubTypes.Type(value = Message.CollectFailed.class, name = "collect_failed"),
    @JsonSubTypes.Type(value = Message.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Message.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Message.Reconnect.class, name = "reconnect"),
})
sealed interface Message {
  /** Length of every nonce, in bytes. */
  int NONCE_BYTES = 32;
  /** Length of an HMAC-SHA256 proof, in bytes. */
  int MAC_BYTES = 32;
  /** Longest reason text accepted; reasons are for logs, not for data. */
  int MAX_REASON_CHARS = 512;

  /**
   * N→L, first frame of every connection.
   *
   * @param nodeId who is connecting, see {@link NodeId#isValid(String)}
   * @param nonce the node's fresh random challenge to the leader
   * @param probe true to ask only "is a leader here?": the leader answers and closes, without registering
   */
  record Hello(String nodeId, byte[] nonce, boolean probe) implements Message {
    public Hello {
      requireNodeId(nodeId);
      requireLength(nonce, NONCE_BYTES, "nonce");
    }
  }

  /** L→N, sent only when the leader has a shared secret: the leader's fresh random challenge. */
  record Challenge(byte[] nonce) implements Message {
    public Challenge {
      requireLength(nonce, NONCE_BYTES, "nonce");
    }
  }

  /** N→L, the node's proof that it knows the secret, see {@link SharedSecret#nodeProof}. */
  record Auth(byte[] mac) implements Message {
    public Auth {
      requireLength(mac, MAC_BYTES, "mac");
    }
  }

  /**
   * L→N, the node is accepted.
   *
   * @param leaderId the leader's node id
   * @param level index, in the configured address list, of the address this leader holds
   * @param mac the leader's proof that it knows the secret ({@link SharedSecret#leaderProof}); null without a secret
   */
  record Welcome(String leaderId, int level, byte[] mac) implements Message {
    public Welcome {
      requireNodeId(leaderId);
      if (level < 0 || level >= CollectionConfig.MAX_ADDRESSES) {
        throw new IllegalArgumentException("level out of range: " + level);
      }
      if (mac != null) {
        requireLength(mac, MAC_BYTES, "mac");
      }
    }
  }

  /** L→N, the node is refused; the leader closes the connection after it. */
  record Reject(String reason) implements Message {
    public Reject {
      requireReason(reason);
    }
  }

  /**
   * L→N, send your values for this round.
   *
   * @param round the leader's round number, echoed in the answer
   * @param roster node ids the leader collected from in its previous round (itself included): if this
   *     leader goes, the next one waits for them before writing its first report
   */
  record Collect(long round, List<String> roster) implements Message {
    public Collect {
      roster = List.copyOf(roster);
      roster.forEach(Message::requireNodeId);
    }
  }

  /**
   * N→L, the node's snapshot for one round.
   *
   * @param values counter name to value, each carrying its kind so the leader merges it by its rule
   * @param droppedEvents events this node lost to full rings since it started
   * @param epochMillis when the node took the snapshot
   */
  record Values(long round, Map<String, CounterValue> values, long droppedEvents, long epochMillis) implements Message {
    public Values {
      values = Map.copyOf(values);
      if (droppedEvents < 0) {
        throw new IllegalArgumentException("droppedEvents must be >= 0");
      }
    }
  }

  /** N→L, the node could not answer this round (its snapshot failed or is larger than a frame); the session stays. */
  record CollectFailed(long round, String reason) implements Message {
    public CollectFailed {
      requireReason(reason);
    }
  }

  /** L→N, are you there? Sent when a session has been idle for a heartbeat interval. */
  record Ping(long seq) implements Message {}

  /** N→L, the answer to the ping with the same sequence number. */
  record Pong(long seq) implements Message {}

  /**
   * L→N, connect to the address at this index of your own configured list (the leader moved there or
   * a better placed leader lives there), then close this connection. An index rather than an address,
   * so that a leader can never send a node anywhere its own configuration does not name.
   */
  record Reconnect(int level) implements Message {
    public Reconnect {
      if (level < 0 || level >= CollectionConfig.MAX_ADDRESSES) {
        throw new IllegalArgumentException("level out of range: " + level);
      }
    }
  }

  private static void requireNodeId(String id) {
    if (!NodeId.isValid(id)) {
      throw new IllegalArgumentException("invalid node id");
    }
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    Objects.requireNonNull(bytes, what);
    if (bytes.length != length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
    }
  }

  private static void requireReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.length() > MAX_REASON_CHARS) {
      throw new IllegalArgumentException("reason longer than " + MAX_REASON_CHARS + " chars");
    }
  }
}
