package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedSecretTest {
  private final SharedSecret secret = new SharedSecret("a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8));
  private final SharedSecret other = new SharedSecret("another secret of enough bytes!".getBytes(StandardCharsets.UTF_8));
  private final byte[] leaderNonce = SharedSecret.nonce();
  private final byte[] nodeNonce = SharedSecret.nonce();

  @Test
  void shouldAgreeOnlyWithTheSameSecretNoncesAndNode() {
    byte[] proof = secret.nodeProof(leaderNonce, nodeNonce, "n1");
    assertThat(SharedSecret.matches(proof, secret.nodeProof(leaderNonce, nodeNonce, "n1"))).isTrue();
    assertThat(SharedSecret.matches(proof, other.nodeProof(leaderNonce, nodeNonce, "n1"))).isFalse();
    assertThat(SharedSecret.matches(proof, secret.nodeProof(SharedSecret.nonce(), nodeNonce, "n1"))).isFalse();
    assertThat(SharedSecret.matches(proof, secret.nodeProof(leaderNonce, nodeNonce, "n2"))).isFalse();
    assertThat(SharedSecret.matches(proof, null)).isFalse();
  }

  @Test
  void shouldNotLetAProofBeReplayedInTheOtherDirection() {
    assertThat(SharedSecret.matches(secret.nodeProof(leaderNonce, nodeNonce, "n1"), secret.leaderProof(leaderNonce, nodeNonce, "n1")))
        .isFalse();
  }

  @Test
  void shouldDrawFreshNonces() {
    assertThat(SharedSecret.nonce()).hasSize(32).isNotEqualTo(SharedSecret.nonce());
  }
}
