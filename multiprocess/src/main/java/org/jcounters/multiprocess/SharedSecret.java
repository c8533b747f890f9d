package org.jcounters.multiprocess;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 challenge/response over the shared secret, in both directions: the node proves it knows
 * the secret before the leader accepts any of its data, and the leader proves it back before the node
 * obeys it (a node follows {@code reconnect} orders only from a leader that knows the secret).
 *
 * <p>Both proofs cover both nonces and the node id, each length-prefixed, under a different label, so
 * a proof cannot be replayed on another connection, for another node, or in the other direction.
 * The secret never crosses the wire. Thread-safe: a fresh {@link Mac} per call.
 */
final class SharedSecret {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] NODE_LABEL = "jcounters-v1-node-proof".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LEADER_LABEL = "jcounters-v1-leader-proof".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;

  SharedSecret(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** A fresh random nonce of {@link Message#NONCE_BYTES} bytes. */
  static byte[] nonce() {
    byte[] nonce = new byte[Message.NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** The node's answer to the leader's challenge. */
  byte[] nodeProof(byte[] leaderNonce, byte[] nodeNonce, String nodeId) {
    return mac(NODE_LABEL, leaderNonce, nodeNonce, nodeId.getBytes(StandardCharsets.UTF_8));
  }

  /** The leader's answer to the node's nonce. */
  byte[] leaderProof(byte[] leaderNonce, byte[] nodeNonce, String nodeId) {
    return mac(LEADER_LABEL, leaderNonce, nodeNonce, nodeId.getBytes(StandardCharsets.UTF_8));
  }

  /** Constant-time comparison, so timing tells an attacker nothing about how close a guess was. */
  static boolean matches(byte[] expected, byte[] actual) {
    return actual != null && MessageDigest.isEqual(expected, actual);
  }

  private byte[] mac(byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      for (byte[] part : parts) {
        mac.update(ByteBuffer.allocate(4).putInt(part.length).array());
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
