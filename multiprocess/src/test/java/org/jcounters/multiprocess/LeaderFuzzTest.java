package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jcounters.core.CounterValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and mutated frames at a leader (a child JVM capped at 64 MiB of heap) while
 * three honest nodes report through it: every connection is closed within the I/O timeout, the leader
 * neither crashes nor keeps threads, every report stays exact for the honest nodes, and a new node can
 * still join afterwards.
 */
@Timeout(180)
class LeaderFuzzTest {
  private static final String SECRET = "fuzzing needs a secret so strangers cannot join";
  private static final int HONEST = 4;
  private static final int MAX_CASES = 3000;
  private static final long MAX_FUZZ_MILLIS = 20_000;
  private static final int AUTHENTICATED_SESSIONS = 10;
  private static final int WORKERS = 4;
  /** The leader's I/O timeout in {@link TestNodeMain} is 2 s; every handshake ends within it, plus scheduling slack. */
  private static final long CLOSE_WITHIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2000 + 2500);

  enum Kind {
    RANDOM_BYTES, RANDOM_BODY, HUGE_LENGTH, BAD_VERSION, TRUNCATED, MUTATED_HELLO, WRONG_FIRST_MESSAGE, UNKNOWN_TYPE,
    BAD_AUTH, MUTATED_AUTH, JSON_BOMB, SLOW_OR_SILENT
  }

  @TempDir Path dir;
  private Cluster cluster;
  private final SharedSecret secret = new SharedSecret(SECRET.getBytes(StandardCharsets.UTF_8));
  private final Map<Kind, AtomicInteger> counts = Collections.synchronizedMap(new EnumMap<>(Kind.class));
  private final AtomicInteger notClosed = new AtomicInteger();
  private final ConcurrentLinkedQueue<RawPeer> lingering = new ConcurrentLinkedQueue<>();
  private final List<String> notClosedExamples = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    lingering.forEach(RawPeer::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldSurviveThousandsOfMalformedFramesWhileHonestReportsStayExact() throws Exception {
    cluster = new Cluster(dir, 2);
    int port = cluster.ports[0];
    cluster.start(0, "role=LEADER", "secret=" + SECRET);
    cluster.await("the leader", 60_000, () -> cluster.leaderIndex(Set.of(0)) == 0 ? true : null);
    for (int i = 1; i < HONEST; i++) {
      cluster.start(i, "role=NODE", "secret=" + SECRET);
    }
    Set<Integer> honest = IntStream.range(0, HONEST).boxed().collect(Collectors.toSet());
    Map<String, Integer> ids = cluster.await("every node's status", 60_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(honest);
      return known.size() == HONEST ? known : null;
    });
    cluster.await("a full report", 30_000, () -> {
      JsonNode r = cluster.report();
      return r != null && Cluster.verifyExact(r, ids, true).equals(honest) ? r : null;
    });
    int baselineThreads = cluster.status(0).get("threads").asInt();

    // Checks every report written while the fuzzing runs.
    AtomicReference<Throwable> reportFailure = new AtomicReference<>();
    AtomicInteger reportsChecked = new AtomicInteger();
    AtomicLong maxHeap = new AtomicLong();
    Thread checker = new Thread(() -> checkReports(ids, honest, reportFailure, reportsChecked, maxHeap), "report-checker");
    checker.start();
    Thread closer = new Thread(this::checkLingeringClosed, "lingering-checker");
    closer.start();

    long seed = System.nanoTime();
    long start = System.nanoTime();
    long stopAt = start + TimeUnit.MILLISECONDS.toNanos(MAX_FUZZ_MILLIS);
    AtomicInteger cases = new AtomicInteger();
    AtomicInteger authenticated = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS + 1);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Random random = new Random(seed + w);
      done.add(workers.submit(() -> {
        while (System.nanoTime() < stopAt && cases.incrementAndGet() <= MAX_CASES) {
          fuzzOnce(random, port);
        }
        return null;
      }));
    }
    // Authenticated peers answering with mutated frames, one at a time beside the workers: each waits
    // for a request of the leader, so they are slow cases and few.
    Random authRandom = new Random(seed - 1);
    done.add(workers.submit(() -> {
      for (int i = 0; i < AUTHENTICATED_SESSIONS && System.nanoTime() < stopAt; i++) {
        authenticated.incrementAndGet();
        fuzzAuthenticated(authRandom, port);
      }
      return null;
    }));
    for (Future<?> f : done) {
      f.get(MAX_FUZZ_MILLIS + 30_000, TimeUnit.MILLISECONDS);
    }
    workers.shutdown();
    long fuzzMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Last, so that it does not shut the fuzz cases out: a flood of silent connections fills the
    // handshake pool, and the excess is refused at the door.
    int refusedAtTheDoor = flood(port);
    finished = true;
    closer.join(30_000);

    // the honest group is still served, exactly (a few more rounds after the last case)
    Thread.sleep(2000);
    checker.interrupt();
    checker.join(10_000);
    assertThat(reportFailure.get()).as("a report during fuzzing was not exact").isNull();
    assertThat(reportsChecked.get()).as("reports checked during fuzzing").isGreaterThanOrEqualTo(5);
    assertThat(notClosed.get()).as("connections the leader left open past its I/O timeout: %s", notClosedExamples).isZero();
    assertThat(cluster.process(0).isAlive()).as("the leader survived").isTrue();

    // no thread is left behind once the handshake pool has idled out
    int threadsAfter = cluster.await("the leader's threads back to the baseline " + baselineThreads, 20_000, () -> {
      JsonNode s = cluster.status(0);
      int threads = s.get("threads").asInt();
      return threads <= baselineThreads + 1 ? threads : null;
    });

    // and it still admits a new node
    cluster.start(HONEST, "role=NODE", "secret=" + SECRET);
    Set<Integer> grown = IntStream.rangeClosed(0, HONEST).boxed().collect(Collectors.toSet());
    Map<String, Integer> grownIds = cluster.await("the new node's status", 30_000, () -> {
      Map<String, Integer> known = cluster.nodeIds(grown);
      return known.size() == grown.size() ? known : null;
    });
    cluster.await("a report with the new node", 30_000, () -> {
      JsonNode r = cluster.report();
      return r != null && Cluster.verifyExact(r, grownIds, true).equals(grown) ? r : null;
    });

    System.out.printf("[measure] fuzz: %d cases in %d ms (seed %d) %s; %d authenticated sessions fed mutated answers;"
        + " %d of 80 flood connections refused at the door; %d reports checked exact; leader heap max %d KiB (-Xmx64m);"
        + " leader threads %d before, %d after%n", Math.min(cases.get(), MAX_CASES), fuzzMillis, seed, counts, authenticated.get(),
        refusedAtTheDoor, reportsChecked.get(), maxHeap.get() / 1024, baselineThreads, threadsAfter);
  }

  private void checkReports(Map<String, Integer> ids, Set<Integer> honest, AtomicReference<Throwable> failure,
      AtomicInteger checked, AtomicLong maxHeap) {
    double last = 0;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        JsonNode r = cluster.report();
        if (r != null && r.get("__collection_time__").asDouble() != last) {
          last = r.get("__collection_time__").asDouble();
          Set<Integer> covered = Cluster.verifyExact(r, ids, true);
          assertThat(covered).as("honest nodes in a report during fuzzing").isEqualTo(honest);
          checked.incrementAndGet();
        }
        JsonNode s = cluster.status(0);
        if (s != null) {
          maxHeap.accumulateAndGet(s.get("heapUsed").asLong(), Math::max);
        }
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        return;
      }
    }
  }

  /** Waits, oldest first, for each connection the leader had not closed at once; each must close within the I/O timeout. */
  private void checkLingeringClosed() {
    while (true) {
      RawPeer peer = lingering.poll();
      if (peer == null) {
        if (lingering.isEmpty() && finished) {
          return;
        }
        sleepQuietly(20);
        continue;
      }
      try {
        if (!peer.closedByPeerBefore(peer.openedNanos + CLOSE_WITHIN_NANOS)) {
          notClosed.incrementAndGet();
          notClosedExamples.add(String.valueOf(peer.socket.getLocalSocketAddress()));
        }
      } catch (IOException e) {
        // closed: fine
      } finally {
        peer.close();
      }
    }
  }

  private volatile boolean finished;

  /** Opens 80 silent connections at once: beyond the handshake pool they are refused at once, none stays past the timeout. */
  private int flood(int port) throws IOException {
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      peers.add(new RawPeer(port));
    }
    int refused = 0;
    sleepQuietly(500);
    for (RawPeer peer : peers) {
      if (peer.closedByPeerBefore(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5))) {
        refused++;
        peer.close();
      } else {
        lingering.add(peer);
      }
    }
    return refused;
  }

  private void fuzzOnce(Random random, int port) {
    Kind kind = pick(random);
    counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    RawPeer peer = null;
    try {
      peer = new RawPeer(port);
      switch (kind) {
        case RANDOM_BYTES -> peer.send(bytes(random, 12 + random.nextInt(3000)));
        case RANDOM_BODY -> peer.send(FrameCodec.encode(bytes(random, random.nextInt(4097))));
        case HUGE_LENGTH -> {
          int[] lengths = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 4097, 1 << 20, 4 << 20, (4 << 20) + 1, random.nextInt()};
          peer.send(header(FrameCodec.MAGIC, 1, 0, lengths[random.nextInt(lengths.length)]));
          peer.send(bytes(random, random.nextInt(64)));
        }
        case BAD_VERSION -> {
          int version = random.nextBoolean() ? 1 + 1 + random.nextInt(65534) : 0;
          peer.send(header(FrameCodec.MAGIC, version, random.nextBoolean() ? 0 : 1 + random.nextInt(65535), 10));
          peer.send(bytes(random, 10));
        }
        case TRUNCATED -> {
          byte[] hello = RawPeer.frame(hello(random));
          peer.send(Arrays.copyOf(hello, random.nextInt(hello.length)));
          peer.socket.shutdownOutput();
        }
        case MUTATED_HELLO -> peer.send(mutate(random, RawPeer.frame(hello(random))));
        case WRONG_FIRST_MESSAGE -> peer.send(RawPeer.frame(wrongFirst(random)));
        case UNKNOWN_TYPE -> peer.send(FrameCodec.encode(("{\"type\":\"" + word(random) + "\",\"seq\":1}").getBytes(StandardCharsets.UTF_8)));
        case BAD_AUTH -> {
          peer.send(hello(random));
          peer.receive(3000);
          peer.send(new Message.Auth(bytes(random, 32)));
        }
        case MUTATED_AUTH -> {
          Message.Hello hello = hello(random);
          peer.send(hello);
          Message.Challenge challenge = (Message.Challenge) peer.receive(3000);
          Message.Auth auth = new Message.Auth(secret.nodeProof(challenge.nonce(), hello.nonce(), hello.nodeId()));
          peer.send(mutate(random, RawPeer.frame(auth)));
        }
        case JSON_BOMB -> peer.send(FrameCodec.encode(bomb(random)));
        case SLOW_OR_SILENT -> {
          switch (random.nextInt(3)) {
            case 0 -> { } // silent
            case 1 -> peer.send(Arrays.copyOf(header(FrameCodec.MAGIC, 1, 0, 100), 1 + random.nextInt(11)));
            default -> {
              peer.send(header(FrameCodec.MAGIC, 1, 0, 100));
              peer.send(bytes(random, 10));
            }
          }
        }
      }
      if (peer.closedByPeerBefore(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150))) {
        peer.close();
      } else {
        lingering.add(peer);
        peer = null;
      }
    } catch (IOException | ClassCastException e) {
      // the leader closed on us mid-case, or answered a mutated frame unexpectedly: both fine
      if (peer != null) {
        peer.close();
      }
    }
  }

  /**
   * A peer that knows the secret, then answers the leader's requests with mutated frames (and now and
   * then a valid one): the leader must drop it without disturbing the rounds of the honest nodes.
   */
  private void fuzzAuthenticated(Random random, int port) {
    try (RawPeer peer = new RawPeer(port)) {
      peer.join("fuzz-auth-" + random.nextInt(1_000_000), secret);
      for (int i = 0; i < 3; i++) {
        Message request = peer.receive(3000);
        Message answer = request instanceof Message.Collect c
            ? new Message.Values(c.round(), Map.of("fuzz_only", new CounterValue.LongSum(1)), 0, System.currentTimeMillis())
            : new Message.Pong(((Message.Ping) request).seq());
        byte[] frame = RawPeer.frame(answer);
        peer.send(random.nextInt(4) == 0 ? frame : mutate(random, frame));
      }
    } catch (IOException | RuntimeException e) {
      // dropped by the leader: expected
    }
  }

  private static Kind pick(Random random) {
    int r = random.nextInt(1000);
    if (r < 30) {
      return Kind.SLOW_OR_SILENT;
    }
    Kind[] fast = {Kind.RANDOM_BYTES, Kind.RANDOM_BODY, Kind.HUGE_LENGTH, Kind.BAD_VERSION, Kind.TRUNCATED, Kind.MUTATED_HELLO,
        Kind.WRONG_FIRST_MESSAGE, Kind.UNKNOWN_TYPE, Kind.BAD_AUTH, Kind.MUTATED_AUTH, Kind.JSON_BOMB};
    return fast[random.nextInt(fast.length)];
  }

  private static Message.Hello hello(Random random) {
    return new Message.Hello("fuzz-" + random.nextInt(1_000_000), SharedSecret.nonce(), random.nextInt(10) == 0);
  }

  private static Message wrongFirst(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> new Message.Values(1, Map.of("requests", new CounterValue.LongSum(1_000_000)), 0, 0);
      case 1 -> new Message.Pong(1);
      case 2 -> new Message.Auth(bytes(random, 32));
      case 3 -> new Message.Collect(1, List.of());
      case 4 -> new Message.Reconnect(0);
      case 5 -> new Message.Welcome("fuzz-leader", 0, null);
      default -> new Message.CollectFailed(1, "x");
    };
  }

  private static byte[] bomb(Random random) {
    String body = switch (random.nextInt(4)) {
      case 0 -> "{\"type\":\"hello\",\"nodeId\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
      case 1 -> "{\"type\":\"hello\",\"nodeId\":\"" + "a".repeat(3900) + "\",\"nonce\":\"\",\"probe\":false}";
      case 2 -> "{\"type\":\"ping\",\"seq\":1" + "9".repeat(3000) + "}";
      default -> "{\"type\":\"hello\",\"nodeId\":\"x\",\"probe\":1e999999999,\"nonce\":\"" + "A".repeat(3000) + "\"}";
    };
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mutate(Random random, byte[] frame) {
    byte[] out = frame.clone();
    int ops = 1 + random.nextInt(4);
    for (int i = 0; i < ops && out.length > 0; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(5)) {
        case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> out[at] = (byte) random.nextInt(256);
        case 2 -> out = Arrays.copyOf(out, at); // truncate
        case 3 -> { // insert a byte
          byte[] grown = new byte[out.length + 1];
          System.arraycopy(out, 0, grown, 0, at);
          grown[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, grown, at + 1, out.length - at);
          out = grown;
        }
        default -> { // delete a byte
          byte[] shrunk = new byte[out.length - 1];
          System.arraycopy(out, 0, shrunk, 0, at);
          System.arraycopy(out, at + 1, shrunk, at, out.length - at - 1);
          out = shrunk;
        }
      }
    }
    return out;
  }

  private static byte[] header(int magic, int version, int flags, int length) {
    return ByteBuffer.allocate(FrameCodec.HEADER_BYTES).putInt(magic).putShort((short) version).putShort((short) flags).putInt(length).array();
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String word(Random random) {
    String[] words = {"shutdown", "exec", "java.lang.Runtime", "@class", "HELLO", "hello ", "", "collect_all", "values2", "ping\u0000"};
    return words[random.nextInt(words.length)];
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
