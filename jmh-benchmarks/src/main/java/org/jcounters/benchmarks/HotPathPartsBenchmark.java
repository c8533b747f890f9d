package org.jcounters.benchmarks;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SingleProducerSequencer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of a listened-to {@code Events.value} measured alone, to say what costs what (one thread:
 * these are the single-producer building blocks, not a shared-state contest). Each part repeats what
 * the engine does per event, on the same shapes (a Disruptor {@link SingleProducerSequencer} over a
 * {@code long[]} of 4,096 two-long slots, a platform thread's own ring):
 * <ul>
 *   <li>{@link #plainStores}: two {@code long} stores into the ring array and an index bump: the floor of
 *       writing 16 bytes per event.</li>
 *   <li>{@link #threadLocalGet}: the lookup of the calling thread's ring.</li>
 *   <li>{@link #sequencerNoReader}: {@code tryNext}, the two stores, {@code publish}; the producer frees
 *       the ring itself, so no other core touches any line: the Disruptor's instruction cost.</li>
 *   <li>{@link #inlinedClaimNoReader}: the claim without the sequencer, as a ring can do it itself: the next
 *       sequence is the cursor (a Disruptor padded {@link Sequence}) plus one, the free space a limit
 *       cached in a line only the producer writes, then the two stores and a release store of the cursor.</li>
 *   <li>{@link #wholePathNoReader}: everything {@code JCounters.value} does on the producer, composed from
 *       the parts above (the listened flag read with acquire, the thread-local lookup of the ring, the
 *       inlined claim), with no reader: what the call costs before any other core is involved.</li>
 *   <li>{@link #engineReplicaNoReader}: a line-for-line copy of {@code JCounters.value} →
 *       {@code publish} → {@code ThreadRing.tryPublish} (Disruptor {@code tryNext} with its
 *       exception, {@code publish}, the periodic backlog check), with no reader: the engine's
 *       code shape without its drainer, as it was before issue 8 (the ring found through a
 *       {@code ThreadLocal}; the engine now looks a platform thread's own ring up by thread id in its
 *       {@code RingTable} first).</li>
 *   <li>{@link #sequencerReaderBehind}: the same while a reader thread drains the ring in batches behind
 *       it (it waits for half a ring, then takes up to 4,096 events, as the engine's drainer does): adds
 *       the cost of the cache lines moving between the cores.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class HotPathPartsBenchmark {
  static final int CAPACITY = 1 << 12;
  static final int MASK = CAPACITY - 1;

  private final long[] slots = new long[CAPACITY * 2];
  private long next;
  private final ThreadLocal<long[]> local = ThreadLocal.withInitial(() -> slots);

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void plainStores() {
    final long[] slots = this.slots;
    long n = next;
    for (int i = 0; i < Batch.CALLS; i++) {
      int index = ((int) n & MASK) << 1;
      slots[index] = 42L;
      slots[index + 1] = i;
      n++;
    }
    next = n;
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public long threadLocalGet() {
    long sum = 0;
    for (int i = 0; i < Batch.CALLS; i++) {
      sum += local.get().length; // a dependent use, so that no lookup is elided
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void sequencerNoReader(SelfDrained ring) throws InsufficientCapacityException {
    final SingleProducerSequencer sequencer = ring.sequencer;
    final long[] slots = ring.slots;
    long sequence = 0;
    for (int i = 0; i < Batch.CALLS; i++) {
      sequence = sequencer.tryNext();
      int index = ((int) sequence & MASK) << 1;
      slots[index] = 42L;
      slots[index + 1] = i;
      sequencer.publish(sequence);
    }
    ring.consumed.set(sequence); // the producer frees its own slots: nothing crosses cores
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void inlinedClaimNoReader(InlinedRing ring) {
    for (int i = 0; i < Batch.CALLS; i++) {
      if (!ring.tryPublish(42L, i)) {
        throw new IllegalStateException("full");
      }
    }
    ring.drained.set(ring.cursor.get()); // the producer frees its own slots: nothing crosses cores
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void wholePathNoReader(WholePath path) {
    for (int i = 0; i < Batch.CALLS; i++) {
      path.value(3, i);
    }
    InlinedRing ring = path.rings.get();
    ring.drained.set(ring.cursor.get());
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void engineReplicaNoReader(EngineReplica engine) {
    for (int i = 0; i < Batch.CALLS; i++) {
      engine.value(3, i);
    }
    engine.selfDrain();
  }

  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void sequencerReaderBehind(ReaderBehind ring) {
    final SingleProducerSequencer sequencer = ring.sequencer;
    final long[] slots = ring.slots;
    for (int i = 0; i < Batch.CALLS; i++) {
      long sequence;
      try {
        sequence = sequencer.tryNext();
      } catch (InsufficientCapacityException full) {
        ring.dropped++;
        continue;
      }
      int index = ((int) sequence & MASK) << 1;
      slots[index] = 42L;
      slots[index + 1] = i;
      sequencer.publish(sequence);
    }
  }

  /** A ring whose producer also frees the slots. */
  @State(Scope.Thread)
  public static class SelfDrained {
    final SingleProducerSequencer sequencer = new SingleProducerSequencer(CAPACITY, new BusySpinWaitStrategy());
    final Sequence consumed = new Sequence();
    final long[] slots = new long[CAPACITY * 2];

    @Setup(Level.Trial)
    public void gate() {
      sequencer.addGatingSequences(consumed);
    }
  }

  /** The claim of a ring that owns its cursor (the shape prototyped for {@code ThreadRing}). */
  @State(Scope.Thread)
  public static class InlinedRing {
    final long[] slots = new long[CAPACITY * 2];
    final Sequence cursor = new Sequence(-1);
    final Sequence drained = new Sequence(-1);
    private final long[] ownerState = new long[16];

    boolean tryPublish(long header, long payload) {
      final long sequence = cursor.get() + 1;
      if (sequence > ownerState[7] && !refresh(sequence)) {
        return false;
      }
      final int index = ((int) sequence & MASK) << 1;
      final long[] slots = this.slots;
      slots[index] = header;
      slots[index + 1] = payload;
      cursor.set(sequence);
      return true;
    }

    private boolean refresh(long sequence) {
      ownerState[7] = drained.get() + CAPACITY;
      return sequence <= ownerState[7];
    }
  }

  /** The producer side of {@code JCounters.value}, rebuilt from the parts. */
  @State(Scope.Thread)
  public static class WholePath {
    private static final java.lang.invoke.VarHandle FLAGS = java.lang.invoke.MethodHandles.arrayElementVarHandle(byte[].class);
    final byte[] flags = new byte[1 << 16];
    final ThreadLocal<InlinedRing> rings = ThreadLocal.withInitial(InlinedRing::new);

    @Setup(Level.Trial)
    public void listen() {
      FLAGS.setRelease(flags, 3, (byte) 2);
    }

    void value(int id, long value) {
      final byte[] flags = this.flags;
      if (id < 0 || id >= flags.length) {
        throw new IllegalArgumentException("unknown id");
      }
      if ((byte) FLAGS.getAcquire(flags, id) == 2) {
        InlinedRing ring = rings.get();
        if (!ring.tryPublish(((long) 0 << 32) | id, value)) {
          throw new IllegalStateException("full");
        }
      }
    }
  }

  /** {@code JCounters.value} and {@code ThreadRing.tryPublish} as they are, the ring freed by the producer itself. */
  @State(Scope.Thread)
  public static class EngineReplica {
    private static final java.lang.invoke.VarHandle FLAGS = java.lang.invoke.MethodHandles.arrayElementVarHandle(byte[].class);
    final byte[] flags = new byte[1 << 16];
    final ThreadLocal<ReplicaRing> rings = ThreadLocal.withInitial(ReplicaRing::new);
    long dropped;

    @Setup(Level.Trial)
    public void listen() {
      FLAGS.setRelease(flags, 3, (byte) 2);
    }

    void value(int id, long value) {
      if (isListened(id)) {
        publish(((long) 0 << 32) | (id & 0xFFFF_FFFFL), value);
      }
    }

    private boolean isListened(int id) {
      final byte[] flags = this.flags;
      if (id < 0 || id >= flags.length) {
        throw new IllegalArgumentException("unknown id " + id);
      }
      final byte flag = (byte) FLAGS.getAcquire(flags, id);
      if (flag == 2) {
        return true;
      }
      if (flag == 0) {
        throw new IllegalArgumentException("unknown id " + id);
      }
      return false;
    }

    private void publish(long header, long payload) {
      ReplicaRing ring = rings.get();
      if (!ring.tryPublish(header, payload)) {
        dropped++;
      }
    }

    void selfDrain() {
      ReplicaRing ring = rings.get();
      ring.consumed.set(ring.sequencer.getCursor());
    }
  }

  /** {@code ThreadRing}'s producer side, copied. */
  static final class ReplicaRing {
    final SingleProducerSequencer sequencer = new SingleProducerSequencer(CAPACITY, new BusySpinWaitStrategy());
    final Sequence consumed = new Sequence();
    final long[] slots = new long[CAPACITY * 2];
    final int mask = MASK;
    final int wakeCheckMask = Math.max(1, Integer.highestOneBit(CAPACITY / 16)) - 1;
    final long highWater = CAPACITY / 2;
    volatile boolean sleeping;
    long wakes;

    ReplicaRing() {
      sequencer.addGatingSequences(consumed);
    }

    boolean tryPublish(long header, long payload) {
      final long sequence;
      try {
        sequence = sequencer.tryNext();
      } catch (InsufficientCapacityException full) {
        return false;
      }
      final int index = ((int) sequence & mask) << 1;
      final long[] slots = this.slots;
      slots[index] = header;
      slots[index + 1] = payload;
      sequencer.publish(sequence);
      if ((sequence & wakeCheckMask) == 0) {
        wakeIfBacklogged(sequence);
      }
      return true;
    }

    private void wakeIfBacklogged(long sequence) {
      if (sequence - consumed.get() >= highWater && sleeping) {
        wakes++;
      }
    }
  }

  /** A ring drained by a reader thread in batches, the way the engine's drainer does. */
  @State(Scope.Thread)
  public static class ReaderBehind implements EventPoller.Handler<long[]> {
    final SingleProducerSequencer sequencer = new SingleProducerSequencer(CAPACITY, new BusySpinWaitStrategy());
    final long[] slots = new long[CAPACITY * 2];
    final EventPoller<long[]> poller = sequencer.newPoller(sequence -> slots);
    private volatile boolean running = true;
    private Thread reader;
    private long sum;
    private int batch;
    long dropped;

    @Setup(Level.Trial)
    public void start() {
      sequencer.addGatingSequences(poller.getSequence());
      reader = new Thread(this::read, "parts-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Untimed: waits until the next batch fits, so that the producer never meets a full ring. */
    @Setup(Level.Invocation)
    public void waitForRoom() {
      while (sequencer.getCursor() - poller.getSequence().get() > CAPACITY - 2 * Batch.CALLS) {
        Thread.onSpinWait();
      }
    }

    private void read() {
      while (running) {
        if (sequencer.getCursor() - poller.getSequence().get() < CAPACITY / 2) {
          LockSupport.parkNanos(50_000);
          continue;
        }
        try {
          do {
            batch = 0;
            poller.poll(this);
          } while (batch > 0);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public boolean onEvent(long[] ring, long sequence, boolean endOfBatch) {
      sum += ring[(((int) sequence & MASK) << 1) + 1];
      return ++batch < 4096;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      running = false;
      reader.join();
      if (dropped != 0) {
        throw new IllegalStateException(dropped + " events met a full ring: the pacing is broken");
      }
    }
  }
}
