package org.jcounters.internal.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.FullRingPolicy;
import org.jcounters.core.Clock;

/**
 * Where each thread's events go: the calling thread's ring and open blocks, found without a lock or
 * an allocation once the thread is known. The path of each event is {@link EventPath}'s; this class
 * leases own rings and answers for the threads the ring table does not know.
 *
 * <ul>
 *   <li>A platform thread gets a {@link ThreadRing} of its own on its first listened-to event, from
 *       the pool of rings whose owners died, else a new one while the ring budget allows
 *       ({@code maxOwnRings}); it is found by thread id in a {@link RingTable}, the thread-local
 *       being the fallback.</li>
 *   <li>A virtual thread never gets a ring of its own: it publishes into one of the fixed
 *       {@link SharedRing} stripes, by a hash of its id. So does a platform thread once the budget
 *       is spent. Virtual threads are told apart through {@code Thread.isVirtual} (JDK 21+), looked
 *       up once as a method handle so that the build stays {@code --release 17}, and checked before
 *       any thread-local lookup (which would allocate a map entry per virtual thread).</li>
 *   <li>Open blocks live with the thread: in its ring, or in a thread-local {@link TimingStack}
 *       for a thread without one. A block's duration is measured on the thread that ran it, and
 *       published as one TIMING record.</li>
 * </ul>
 *
 * <p><b>Memory.</b> At most {@code maxOwnRings} own rings (leased or pooled), the stripes, the spill
 * table and the percentile histograms: fixed at construction whatever the number or kind of threads.
 * A thread without a ring holds a few words in its thread-local, which die with it.
 */
public final class RingPlacement {
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  final FullRingPolicy policy;
  final SharedOverflow spill;
  final HistogramOverflow histograms = new HistogramOverflow();
  final ListeningFlags flags;
  final Drainer drainer;

  private final RingTable table = new RingTable();
  private final SharedRing[] stripes;
  private final int stripeMask;
  private final ThreadLocal<ProducerState> threads = ThreadLocal.withInitial(this::newThreadState);
  private final Queue<ThreadRing> pool = new ConcurrentLinkedQueue<>();
  private final AtomicInteger ownRings = new AtomicInteger();
  private final AtomicInteger leased = new AtomicInteger();
  /** Leases made so far, recycled or not: only ever grows. */
  private final AtomicLong leases = new AtomicLong();
  private final int maxOwnRings;
  private final int ownRingCapacity;

  /** The producers' side of an engine whose drainer is built by {@code drainerFactory} (it needs the rings). */
  public RingPlacement(
      FullRingPolicy policy,
      int ownRingCapacity,
      long ringBudgetBytes,
      int stripeCount,
      int stripeCapacity,
      int overflowCells,
      ListeningFlags flags,
      java.util.function.Function<RingPlacement, Drainer> drainerFactory) {
    this.policy = policy;
    this.flags = flags;
    this.ownRingCapacity = ownRingCapacity;
    this.maxOwnRings = (int) Math.min(Integer.MAX_VALUE, ringBudgetBytes / ThreadRing.bytes(ownRingCapacity));
    this.spill = new SharedOverflow(overflowCells);
    this.stripes = new SharedRing[stripeCount];
    this.stripeMask = stripeCount - 1;
    for (int i = 0; i < stripeCount; i++) {
      stripes[i] = new SharedRing(stripeCapacity, overflowCells, this);
    }
    this.drainer = drainerFactory.apply(this);
  }

  // ------------------------------------------------------------------ the hot path's fallbacks

  /** A new hot path into these rings, reading the time of blocks from {@code clock}. */
  public EventPath newEventPath(Clock clock) {
    return new EventPath(flags, table, this, clock);
  }

  /** The producer state of a thread the table does not know: its thread-local's. */
  ProducerState stateElsewhere() {
    return threads.get();
  }

  /** The ring of a thread the table does not know: a stripe for a virtual thread (no thread-local), else the thread-local's. */
  Ring ringElsewhere(Thread thread) {
    return isVirtual(thread) ? stripe(thread.getId()) : threads.get().ring;
  }

  private SharedRing stripe(long threadId) {
    long h = threadId * 0x9E3779B97F4A7C15L;
    return stripes[(int) (h >>> 32) & stripeMask];
  }

  /** Whether {@code thread} is a virtual thread (always false before JDK 21). */
  public static boolean isVirtual(Thread thread) {
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable impossible) {
      return false;
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
      return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
    }
  }

  // ------------------------------------------------------------------ leasing

  private ProducerState newThreadState() {
    Thread thread = Thread.currentThread();
    if (!isVirtual(thread)) {
      ThreadRing own = lease(thread);
      if (own != null) {
        return own.state;
      }
    }
    return new ProducerState(stripe(thread.getId()), new TimingStack());
  }

  /** A ring of its own for the calling platform thread, or null once the budget is spent. */
  private ThreadRing lease(Thread thread) {
    ThreadRing ring = pool.poll();
    if (ring == null) {
      if (ownRings.incrementAndGet() > maxOwnRings) {
        ownRings.decrementAndGet();
        drainer.requestReap(); // rings of dead threads may be waiting to be recycled
        return null;
      }
      ring = new ThreadRing(ownRingCapacity, this);
      drainer.addRing(ring);
      drainer.requestReap(); // threads may be dying as fast as new ones come: recycle soon
    }
    ring.lease(thread);
    table.put(ring);
    leased.incrementAndGet();
    leases.incrementAndGet();
    return ring;
  }

  /** A recycled ring, drained and released by the drainer, back in the pool. */
  void recycle(ThreadRing ring, long formerOwnerId) {
    table.remove(ring, formerOwnerId);
    ring.release();
    leased.decrementAndGet();
    pool.add(ring);
  }

  /** The drainer of these rings. */
  public Drainer drainer() {
    return drainer;
  }

  SharedRing[] stripes() {
    return stripes;
  }

  /** Own rings leased so far, to any thread, whether recycled since or not. */
  public long leases() {
    return leases.get();
  }

  /** Rings leased to live threads (or to dead ones not yet recycled). */
  public int liveRings() {
    return leased.get();
  }

  /** Own rings allocated so far (leased or pooled); never more than the budget. */
  public int ownRings() {
    return ownRings.get();
  }

  /** The most own rings the budget allows. */
  public int maxOwnRings() {
    return maxOwnRings;
  }


  // ------------------------------------------------------------------ for tests

  /**
   * Leaves the calling thread's ring as a producer struck mid-publish would: an own ring's next slot
   * written (with a value of {@code junk}) and never published, a shared ring's next slot claimed
   * and never published.
   */
  public void strikeMidPublish(int id, long junk) throws InsufficientCapacityException {
    ThreadRing own = table.lookup(Thread.currentThread().getId());
    if (own != null) {
      own.writeWithoutPublishing(EventRecord.header(EventRecord.VALUE, id), junk);
    } else {
      sharedRingForTest().claimWithoutPublishing();
    }
  }

  /**
   * Claims the calling thread's next slot in its shared ring now and returns what publishes a value
   * of {@code id} there: a producer preempted between claim and publish, emulated.
   */
  public Runnable claimNowPublishLater(int id, long value) throws InsufficientCapacityException {
    SharedRing ring = sharedRingForTest();
    long sequence = ring.claimWithoutPublishing();
    return () -> ring.publishClaimed(sequence, EventRecord.header(EventRecord.VALUE, id), value);
  }

  private SharedRing sharedRingForTest() {
    Thread thread = Thread.currentThread();
    if (table.lookup(thread.getId()) != null || !(ringElsewhere(thread) instanceof SharedRing shared)) {
      throw new IllegalStateException("the calling thread has a ring of its own: build the engine with ringBudget(0)");
    }
    return shared;
  }
}
