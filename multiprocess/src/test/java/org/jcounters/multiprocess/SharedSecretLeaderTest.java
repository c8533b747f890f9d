package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jcounters.core.CounterValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader bound to the wildcard address (which the configuration allows only with a secret) refuses
 * nodes with a wrong or missing secret and peers that skip the proof. Every connection of this test
 * goes to 127.0.0.1: nothing leaves the machine even though the leader listens on every interface.
 */
@Timeout(120)
class SharedSecretLeaderTest {
  private static final String SECRET = "the group's shared secret, 16+ bytes";
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldRefuseNodesWithAWrongOrMissingSecret() throws Exception {
    cluster = new Cluster(dir, 2);
    cluster.start(0, "role=LEADER", "bind=0.0.0.0", "secret=" + SECRET);
    cluster.await("the leader", 60_000, () -> cluster.leaderIndex(Set.of(0)) == 0 ? true : null);
    assertThat(Files.readString(cluster.logPath(0), StandardCharsets.UTF_8)).contains("leading on /0.0.0.0:" + cluster.ports[0]);
    // the wildcard listener holds the port on every interface, loopback included
    try (ServerSocket probe = new ServerSocket()) {
      assertThat(bindFails(probe, cluster.ports[0])).isTrue();
    }

    cluster.start(1, "role=NODE", "secret=" + SECRET);
    Process wrong = cluster.start(2, "role=NODE", "timeoutSeconds=3", "secret=not the group's secret at all");
    Process missing = cluster.start(3, "role=NODE", "timeoutSeconds=3");
    assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.exitValue()).isEqualTo(TestNodeMain.EXIT_ELECTION_FAILED);
    assertThat(missing.exitValue()).isEqualTo(TestNodeMain.EXIT_ELECTION_FAILED);
    assertThat(cluster.status(2).get("error").asText()).contains("refused this node: authentication failed");
    assertThat(cluster.status(3).get("error").asText()).contains("requires a shared secret and none is configured");

    // peers that try to skip or fake the proof, by hand
    SharedSecret wrongSecret = new SharedSecret("not the group's secret at all".getBytes(StandardCharsets.UTF_8));
    try (RawPeer peer = new RawPeer(cluster.ports[0])) {
      byte[] nonce = SharedSecret.nonce();
      peer.send(new Message.Hello("intruder-1", nonce, false));
      Message.Challenge challenge = (Message.Challenge) peer.receive(3000);
      peer.send(new Message.Auth(wrongSecret.nodeProof(challenge.nonce(), nonce, "intruder-1")));
      assertThat(peer.receive(3000)).isEqualTo(new Message.Reject("authentication failed: wrong shared secret"));
      assertThat(peer.closedByPeerBefore(System.nanoTime() + TimeUnit.SECONDS.toNanos(3))).isTrue();
    }
    try (RawPeer peer = new RawPeer(cluster.ports[0])) {
      peer.send(new Message.Hello("intruder-2", SharedSecret.nonce(), false));
      Message.Challenge challenge = (Message.Challenge) peer.receive(3000);
      assertThat(challenge.nonce()).hasSize(32);
      peer.send(new Message.Values(1, Map.of("requests", new CounterValue.LongSum(1_000_000)), 0, 0));
      assertThat(peer.closedByPeerBefore(System.nanoTime() + TimeUnit.SECONDS.toNanos(3))).isTrue();
    }
    try (RawPeer peer = new RawPeer(cluster.ports[0])) {
      peer.send(new Message.Hello("intruder-3", SharedSecret.nonce(), false));
      peer.receive(3000);
      // an auth replayed from another connection: the leader's nonce differs every time
      peer.send(new Message.Auth(wrongSecret.nodeProof(SharedSecret.nonce(), SharedSecret.nonce(), "intruder-3")));
      assertThat(peer.receive(3000)).isInstanceOf(Message.Reject.class);
    }

    // only the leader and the honest node are in the report, exactly
    Map<String, Integer> ids = cluster.await("statuses", 30_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(Set.of(0, 1));
      return known.size() == 2 ? known : null;
    });
    JsonNode report = cluster.await("a report of the leader and the honest node", 30_000, () -> {
      JsonNode r = cluster.report();
      return r != null && Cluster.verifyExact(r, ids, false).equals(Set.of(0, 1)) ? r : null;
    });
    assertThat(report.get("__node_reports__").size()).isEqualTo(2);
    // Refusals are logged at most 20 per 10 s (the wrong-secret node's retries use most of that
    // budget), so the intruders' own lines may be left out: their refusal is asserted above, on the wire.
    String log = cluster.await("the leader's log of a refusal", 10_000, () -> {
      try {
        String text = Files.readString(cluster.logPath(0), StandardCharsets.UTF_8);
        return text.contains("authentication failed: wrong shared secret") ? text : null;
      } catch (IOException e) {
        return null;
      }
    });
    assertThat(log).contains("refusing");
  }

  private static boolean bindFails(ServerSocket socket, int port) {
    try {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
