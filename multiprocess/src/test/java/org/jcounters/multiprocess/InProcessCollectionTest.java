package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Report;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour that needs no second JVM: several collections in one process (each its own node id),
 * for paths that are hard to reach with whole processes (step-down, node cap, failing snapshots) and
 * for timing an election on a quiet machine. The scenarios run on real processes elsewhere.
 */
@Timeout(60)
class InProcessCollectionTest {
  private final List<MultiProcessCollection> collections = new ArrayList<>();
  private final List<ServerSocket> strangers = new ArrayList<>();
  private int[] ports;

  @BeforeEach
  void pickPorts() throws Exception {
    ports = Cluster.freePorts(2);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (MultiProcessCollection c : collections) {
      c.close();
    }
    for (ServerSocket s : strangers) {
      s.close();
    }
  }

  private CollectionConfig.Builder config() {
    return CollectionConfig.builder().loopbackPorts(ports).timeout(Duration.ofSeconds(10)).ioTimeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(500))
        .preferredRetryInterval(Duration.ofMillis(200)).rejoinGrace(Duration.ofSeconds(2)).fallBackAfter(Duration.ofMillis(600));
  }

  private MultiProcessCollection start(int k, CollectionConfig.Builder config) throws Exception {
    return start(() -> new Snapshot(KnownValues.of(k), 0, System.currentTimeMillis()), config);
  }

  private MultiProcessCollection start(SnapshotSource source, CollectionConfig.Builder config) throws Exception {
    MultiProcessCollection c = MultiProcessCollection.configure(source, config.build());
    collections.add(c);
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static Map<String, Object> reportValues(Report report) {
    Map<String, Object> out = new HashMap<>();
    report.values().forEach((name, value) -> out.put(name, value.reportValue()));
    return out;
  }

  @Test
  void shouldElectOneLeaderAndReportNothingOnNodes() throws Exception {
    long t0 = System.nanoTime();
    MultiProcessCollection leader = start(0, config());
    long leaderMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long t1 = System.nanoTime();
    MultiProcessCollection node = start(1, config());
    long nodeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
    // a second node, after warm-up: the election alone
    long t2 = System.nanoTime();
    MultiProcessCollection warm = start(2, config());
    long warmMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t2);

    assertThat(leader.status().state()).isEqualTo(CollectionStatus.State.LEADER);
    assertThat(node.status().state()).isEqualTo(CollectionStatus.State.NODE);
    assertThat(node.status().leaderId()).isEqualTo(leader.nodeId().toString());
    assertThat(node.collect()).isNull();
    await("two nodes", () -> leader.status().connectedNodes() == 2);
    Report report = leader.collect();
    assertThat(report.nodeReports()).containsOnlyKeys(leader.nodeId().toString(), node.nodeId().toString(), warm.nodeId().toString());
    assertThat(reportValues(report)).isEqualTo(KnownValues.mergedReport(List.of(0, 1, 2)));
    System.out.printf("[measure] election in one JVM: first leader %d ms, first node %d ms (cold), next node %d ms (warm)%n",
        leaderMillis, nodeMillis, warmMillis);
  }

  @Test
  void shouldNeverReportANodeHalfWayWhileNodesJoin() throws Exception {
    MultiProcessCollection leader = start(0, config());
    List<Thread> joiners = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      int index = k;
      Thread t = new Thread(() -> {
        try {
          start(index, config());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      joiners.add(t);
      t.start();
    }
    int reports = 0;
    while (reports < 1000) {
      Report report = leader.collect();
      reports++;
      List<Integer> covered = new ArrayList<>();
      report.nodeReports().values().forEach(values -> covered.add((int) (long) (Long) values.get("index").reportValue()));
      assertThat(reportValues(report)).isEqualTo(KnownValues.mergedReport(covered));
      if (covered.size() == 7) {
        break;
      }
    }
    for (Thread t : joiners) {
      t.join(10_000);
    }
    assertThat(reports).isLessThan(1000);
  }

  @Test
  void shouldFailWithAClearErrorWhenNoLeaderCanBeFound() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> start(0, config().role(Role.NODE).timeout(Duration.ofSeconds(1))))
        .isInstanceOf(ElectionException.class)
        .hasMessageContaining("no leader elected within 1 s (role NODE")
        .hasMessageContaining(":" + ports[0] + ": join: nobody listening")
        .hasMessageContaining(":" + ports[1] + ": join: nobody listening");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 5000L);
  }

  @Test
  void shouldReElectWhenTheLeaderLeavesGracefully() throws Exception {
    MultiProcessCollection leader = start(0, config());
    MultiProcessCollection a = start(1, config());
    MultiProcessCollection b = start(2, config());
    await("two nodes", () -> leader.status().connectedNodes() == 2);
    leader.collect(); // gives the nodes the roster the next leader will wait for
    leader.close();
    await("a new leader with one node", () -> (a.status().state() == CollectionStatus.State.LEADER && a.status().connectedNodes() == 1)
        || (b.status().state() == CollectionStatus.State.LEADER && b.status().connectedNodes() == 1));
    MultiProcessCollection newLeader = a.status().state() == CollectionStatus.State.LEADER ? a : b;
    assertThat(reportValues(newLeader.collect())).isEqualTo(KnownValues.mergedReport(List.of(1, 2)));
  }

  @Test
  void shouldStepDownWhenABetterPlacedLeaderExists() throws Exception {
    ServerSocket stranger = new ServerSocket();
    strangers.add(stranger);
    stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[0]), 50);
    // retries the preferred address only every 2 s: time for the stranger to make way for another leader
    MultiProcessCollection fallBack = start(0, config().preferredRetryInterval(Duration.ofSeconds(2)));
    MultiProcessCollection node = start(1, config());
    assertThat(fallBack.status().level()).isEqualTo(1);
    assertThat(node.status().leaderId()).isEqualTo(fallBack.nodeId().toString());

    stranger.close();
    long freed = System.nanoTime();
    MultiProcessCollection preferred = start(2, config().role(Role.LEADER));
    assertThat(preferred.status().level()).isZero();
    await("the fall-back leader and its node under the preferred leader",
        () -> preferred.status().connectedNodes() == 2 && fallBack.status().state() == CollectionStatus.State.NODE
            && node.status().leaderId() != null && node.status().leaderId().equals(preferred.nodeId().toString()));
    long stepDownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed);
    assertThat(fallBack.collect()).isNull();
    assertThat(reportValues(preferred.collect())).isEqualTo(KnownValues.mergedReport(List.of(0, 1, 2)));
    // the fall-back port is free again
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[1]));
    }
    System.out.printf("[measure] step-down to a better-placed leader: %d ms (including up to 2 s until the next retry)%n", stepDownMillis);
  }

  @Test
  void shouldNotSplitTheGroupWhenTheLeaderRefusesThisProcess() throws Exception {
    start(0, config().secret("the group's secret, long enough"));
    // AUTO, port 1 free: without the refusal rule this process would lead there, a second group
    assertThatThrownBy(() -> start(1, config().secret("another secret, also long enough").timeout(Duration.ofSeconds(1))))
        .isInstanceOf(ElectionException.class)
        .hasMessageContaining("join refused: the leader refused this node: authentication failed")
        .hasMessageNotContaining("bind");
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[1])); // never taken
    }
  }

  @Test
  void shouldRefuseNodesBeyondTheCap() throws Exception {
    MultiProcessCollection leader = start(0, config().maxNodes(1));
    start(1, config());
    assertThatThrownBy(() -> start(2, config().role(Role.NODE).timeout(Duration.ofSeconds(1))))
        .isInstanceOf(ElectionException.class).hasMessageContaining("maximum of 1 nodes");
    assertThat(leader.collect().nodeReports()).hasSize(2);
  }

  @Test
  void shouldLeaveOutANodeWhoseSnapshotFailsAndKeepItsSession() throws Exception {
    MultiProcessCollection leader = start(0, config());
    AtomicBoolean fail = new AtomicBoolean(true);
    MultiProcessCollection flaky = start(() -> {
      if (fail.get()) {
        throw new IllegalStateException("disk on fire");
      }
      return new Snapshot(Map.of("requests", new CounterValue.LongSum(5)), 0, 0);
    }, config());
    await("one node", () -> leader.status().connectedNodes() == 1);
    assertThat(leader.collect().nodeReports()).containsOnlyKeys(leader.nodeId().toString());
    fail.set(false);
    Report report = leader.collect();
    assertThat(report.nodeReports()).containsOnlyKeys(leader.nodeId().toString(), flaky.nodeId().toString());
    assertThat(report.values().get("requests")).isEqualTo(new CounterValue.LongSum(1005));
    assertThat(Set.of(flaky.status().state())).containsExactly(CollectionStatus.State.NODE);
  }

  @Test
  void shouldCloseOnlyTheConnectionOfANodeSendingAnInvalidHistogram() throws Exception {
    MultiProcessCollection leader = start(0, config());
    MultiProcessCollection honest = start(1, config());
    try (RawPeer peer = new RawPeer(ports[0])) {
      peer.join("bad-histogram-node", null);
      await("two nodes", () -> leader.status().connectedNodes() == 2);
      byte[] histogram = KnownValues.requestTime(List.of(5L)).encodedHistogram();
      histogram[0] ^= 1; // not the V2 cookie
      CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
        try {
          Message request;
          while ((request = peer.receive(5000)) instanceof Message.Ping ping) {
            peer.send(new Message.Pong(ping.seq()));
          }
          String body = "{\"type\":\"values\",\"round\":" + ((Message.Collect) request).round() + ",\"droppedEvents\":0,"
              + "\"epochMillis\":0,\"values\":{\"request_time\":{\"kind\":\"distribution\",\"unit\":\"nanoseconds\","
              + "\"quantiles\":[0.5],\"sum\":5,\"histogram\":\"" + Base64.getEncoder().encodeToString(histogram) + "\"}}}";
          peer.send(FrameCodec.encode(body.getBytes(StandardCharsets.UTF_8)));
          return peer.closedByPeerBefore(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      Report report = leader.collect();
      assertThat(report.nodeReports()).containsOnlyKeys(leader.nodeId().toString(), honest.nodeId().toString());
      assertThat(reportValues(report)).isEqualTo(KnownValues.mergedReport(List.of(0, 1)));
      assertThat(closed.get(10, TimeUnit.SECONDS)).as("the leader closed the connection of the invalid histogram").isTrue();
    }
    await("the bad node gone", () -> leader.status().connectedNodes() == 1);
    assertThat(leader.collect().nodeReports()).containsOnlyKeys(leader.nodeId().toString(), honest.nodeId().toString());
    assertThat(honest.status().state()).isEqualTo(CollectionStatus.State.NODE);
  }

  @Test
  void shouldAnswerCollectFailedForADistributionBeyondTheWireLimitsAndKeepItsSession() throws Exception {
    MultiProcessCollection leader = start(0, config());
    Histogram histogram = new Histogram(1, 1000, 2);
    histogram.recordValue(3);
    Distribution small = Distribution.of(histogram, 3, Distribution.Unit.RAW, List.of(0.5));
    Map<String, CounterValue> tooMany = new HashMap<>();
    for (int i = 0; i <= CounterValueJson.MAX_DISTRIBUTIONS; i++) {
      tooMany.put("sizes_" + i, small);
    }
    MultiProcessCollection wideNode = start(() -> new Snapshot(tooMany, 0, 0), config());
    await("one node", () -> leader.status().connectedNodes() == 1);
    assertThat(leader.collect().nodeReports()).containsOnlyKeys(leader.nodeId().toString());
    assertThat(leader.collect().nodeReports()).containsOnlyKeys(leader.nodeId().toString());
    assertThat(leader.status().connectedNodes()).isEqualTo(1);
    assertThat(wideNode.status().state()).isEqualTo(CollectionStatus.State.NODE);
  }
}
