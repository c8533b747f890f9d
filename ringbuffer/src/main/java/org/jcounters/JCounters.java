package org.jcounters;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jcounters.core.Clock;
import org.jcounters.core.Counter;
import org.jcounters.core.EventDispatcher;
import org.jcounters.core.EventNames;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.counters.ValueAccumulator;
import org.jcounters.ring.Drainer;
import org.jcounters.ring.EventRecord;
import org.jcounters.ring.RingTable;
import org.jcounters.ring.ThreadRing;

/**
 * One JCounters engine: event ids, per-thread rings, the drainer thread and the counters it feeds.
 * Most code uses the process-wide {@linkplain #defaultInstance() default engine} through the static
 * {@link Events}, {@link Counters} and {@link Shortcuts}; tests and embedders build their own.
 *
 * <pre>{@code
 * try (JCounters engine = JCounters.builder().ringCapacity(1 << 12).fullRingPolicy(FullRingPolicy.WAIT).build()) {
 *   int requests = engine.id("requests");
 *   engine.register(new TotalCounter("requests"));
 *   engine.value(requests, 3);
 *   Snapshot snapshot = engine.snapshot(); // {"requests": 3}
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread. The event methods ({@link #value},
 * {@link #occurrence}, {@link #start}, {@link #end}) never block under {@link FullRingPolicy#DROP},
 * take no lock and allocate nothing once the calling thread has its ring (its first listened-to
 * event leases one). {@link #snapshot()} waits for the drainer to catch up.
 *
 * <p><b>Cost.</b> An event nobody listens to costs one read of a per-id flag. A listened-to event
 * costs a lookup of the thread's ring by thread id and a 16-byte write into it; START and END also
 * read the clock. Aggregation happens later, on the drainer, whatever the counter type.
 *
 * <p><b>Memory.</b> Each thread that reports a listened-to event holds a ring of
 * {@code 16 × ringCapacity} bytes (256 KiB at the default 16,384 slots) until it dies; then the
 * ring is drained and kept in a pool of at most {@code maxPooledRings} for new threads.
 *
 * <p><b>Closing</b> drains every ring, stops the drainer and unhooks every counter: later events are
 * ignored as events nobody listens to, and {@link #snapshot()} keeps answering with the final values.
 */
public final class JCounters implements SnapshotSource, AutoCloseable {
  private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(byte[].class);
  private static final byte UNKNOWN = 0;
  private static final byte KNOWN = 1;
  private static final byte LISTENED = 2;

  private final EventNames names;
  /** One flag per possible id: UNKNOWN (never issued), KNOWN, LISTENED. Read with acquire on every event. */
  private final byte[] flags;
  private final Clock clock;
  private final FullRingPolicy fullRingPolicy;
  private final Drainer drainer;
  private final EventDispatcher dispatcher;
  private final ThreadLocal<ThreadRing> rings = ThreadLocal.withInitial(this::leaseRing);
  private final RingTable ringTable;

  /** Registered counters by name, kept by callers' threads to reject duplicates at once. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** How many registered counters listen to each id; guarded by itself. */
  private final Map<Integer, Integer> listenerCounts = new HashMap<>();
  private final Map<String, Shortcuts.Scope> timingScopes = new ConcurrentHashMap<>();
  private final Map<String, Shortcuts.Scope> occurrenceScopes = new ConcurrentHashMap<>();
  /** Counts unregistrations, so that shortcuts can tell cheaply that their counter is still registered. */
  private volatile int unregistrations;
  private volatile boolean closed;
  private Snapshot finalSnapshot;

  private JCounters(Builder builder) {
    this.names = new EventNames(builder.maxEventNames);
    this.flags = new byte[builder.maxEventNames];
    this.clock = builder.clock;
    this.fullRingPolicy = builder.fullRingPolicy;
    this.dispatcher = new EventDispatcher(names);
    this.drainer = new Drainer(
        dispatcher,
        clock,
        builder.idleStrategy,
        builder.ringCapacity,
        builder.minBatch,
        builder.batchLimit,
        builder.reapInterval.toNanos(),
        builder.maxPooledRings);
    this.ringTable = drainer.ringTable();
    drainer.start(builder.drainerThreadName);
  }

  /** A builder with the defaults of the {@linkplain #defaultInstance() default engine}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The process-wide engine behind {@link Events}, {@link Counters} and {@link Shortcuts}, started on first use. */
  public static JCounters defaultInstance() {
    return DefaultHolder.INSTANCE;
  }

  // ------------------------------------------------------------------ event ids

  /** The id of an event name, interned on first use: the same name always gets the same id. */
  public int id(String name) {
    int id = names.id(name);
    // Read before writing: a CAS, even a failing one, takes the flags' cache line exclusive and so
    // would slow every thread's event calls each time a by-name call looks an id up.
    if ((byte) FLAGS.getAcquire(flags, id) == UNKNOWN) {
      FLAGS.compareAndSet(flags, id, UNKNOWN, KNOWN);
    }
    return id;
  }

  /** The name behind an id from {@link #id(String)}. */
  public String name(int id) {
    return names.name(id);
  }

  // ------------------------------------------------------------------ the hot path

  /** Reports a value event. */
  public void value(int id, long value) {
    if (isListened(id)) {
      publish(EventRecord.header(EventRecord.VALUE, id), value);
    }
  }

  /** Reports an occurrence (counted by frequency and event counters like the end of a block). */
  public void occurrence(int id) {
    if (isListened(id)) {
      publish(EventRecord.header(EventRecord.OCCURRENCE, id), 0L);
    }
  }

  /** Reports the start of a block on this thread. */
  public void start(int id) {
    if (isListened(id)) {
      publish(EventRecord.header(EventRecord.START, id), clock.nanoTime());
    }
  }

  /** Reports the end of a block on this thread; it pairs with this thread's latest unmatched start of the same id. */
  public void end(int id) {
    if (isListened(id)) {
      publish(EventRecord.header(EventRecord.END, id), clock.nanoTime());
    }
  }

  /** Reports a value event by name: a name lookup slower than {@link #value(int, long)}. */
  public void value(String name, long value) {
    value(id(name), value);
  }

  /** Reports an occurrence by name: a name lookup slower than {@link #occurrence(int)}. */
  public void occurrence(String name) {
    occurrence(id(name));
  }

  /** Reports the start of a block by name: a name lookup slower than {@link #start(int)}. */
  public void start(String name) {
    start(id(name));
  }

  /** Reports the end of a block by name: a name lookup slower than {@link #end(int)}. */
  public void end(String name) {
    end(id(name));
  }

  private boolean isListened(int id) {
    final byte[] flags = this.flags;
    if (id < 0 || id >= flags.length) {
      throw unknownId(id);
    }
    final byte flag = (byte) FLAGS.getAcquire(flags, id); // acquire: pairs with register()'s release
    if (flag == LISTENED) {
      return true;
    }
    if (flag == UNKNOWN) {
      throw unknownId(id);
    }
    return false;
  }

  private void publish(long header, long payload) {
    ThreadRing ring = ringTable.lookup(Thread.currentThread().getId());
    if (ring == null) {
      ring = rings.get(); // first event of this thread, or its id collides with a live thread's
    }
    if (!ring.tryPublish(header, payload)) {
      onFullRing(ring, header, payload);
    }
  }

  private void onFullRing(ThreadRing ring, long header, long payload) {
    if (fullRingPolicy == FullRingPolicy.WAIT && !drainer.isDrainerThread() && !closed) {
      drainer.wake();
      for (int attempt = 0; !closed; attempt++) {
        if (ring.tryPublish(header, payload)) {
          return;
        }
        if (attempt < 100) {
          Thread.onSpinWait();
        } else if (attempt < 200) {
          Thread.yield();
        } else {
          drainer.wake();
          LockSupport.parkNanos(10_000);
        }
      }
    }
    // The backlog check woke the drainer before the ring filled; wake it again only now and then, as
    // reading its 'sleeping' flag on every dropped call would put a line it writes on the producer's path.
    if ((ring.countDropped() & 1023) == 1) {
      drainer.wake();
    }
  }

  private ThreadRing leaseRing() {
    return drainer.lease(Thread.currentThread());
  }

  private IllegalArgumentException unknownId(int id) {
    return new IllegalArgumentException(
        "unknown event id " + id + ": ids come from Events.id(String) (this engine issued " + names.size() + ")");
  }

  // ------------------------------------------------------------------ counters

  /**
   * Registers a counter: it receives the events it listens to that are reported after this call
   * returns. Waits for the drainer to take the counter in (microseconds to a few milliseconds).
   *
   * @throws IllegalArgumentException if a counter of the same name is registered
   * @throws IllegalStateException if the engine is closed
   */
  public void register(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    if (closed) {
      throw new IllegalStateException("this engine is closed: counter '" + counter.name() + "' cannot be registered");
    }
    if (!registerIfAbsent(counter)) {
      throw new IllegalArgumentException("a counter named '" + counter.name() + "' is already registered");
    }
  }

  /** Registers a counter unless one of the same name is registered (or the engine is closed); returns whether it was registered. */
  public boolean registerIfAbsent(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    if (closed || counters.putIfAbsent(counter.name(), counter) != null) {
      return false;
    }
    int[] ids = counter.events().stream().mapToInt(this::id).toArray();
    try {
      drainer.change(dispatcher -> dispatcher.add(counter));
    } catch (RuntimeException e) {
      counters.remove(counter.name(), counter);
      throw e;
    }
    synchronized (listenerCounts) {
      for (int id : ids) {
        listenerCounts.merge(id, 1, Integer::sum);
        FLAGS.setRelease(flags, id, LISTENED); // only now: the drainer already feeds the counter
      }
    }
    return true;
  }

  /**
   * Unregisters the named counter; returns it, or null if none had that name. Events reported
   * before this call still reach it; it receives none reported after this call returns.
   */
  public Counter unregister(String counterName) {
    EventNames.requireValidName(counterName, "counter name");
    Counter counter = counters.remove(counterName);
    if (counter == null) {
      return null;
    }
    synchronized (listenerCounts) {
      unregistrations++; // under the lock: no increment is lost
      for (String event : counter.events()) {
        int id = names.id(event);
        if (listenerCounts.merge(id, -1, Integer::sum) == 0) {
          listenerCounts.remove(id);
          FLAGS.setRelease(flags, id, KNOWN);
        }
      }
    }
    if (!closed) {
      drainer.change(dispatcher -> dispatcher.remove(counterName));
    }
    return counter;
  }

  /**
   * Has a registered {@link ValueAccumulator} raise its totals as {@code <name>.<event>} value
   * events (PyCounters' {@code raise_value_events}), after every event reported before this call;
   * with {@code clear} its totals then start again from zero. Waits for the drainer.
   *
   * @throws IllegalArgumentException if no {@code ValueAccumulator} of that name is registered here
   */
  public void raiseValueEvents(String accumulatorName, boolean clear) {
    if (!(counters.get(accumulatorName) instanceof ValueAccumulator accumulator)) {
      throw new IllegalArgumentException("no ValueAccumulator named '" + accumulatorName + "' is registered");
    }
    drainer.run(nowNanos -> accumulator.raiseValueEvents(nowNanos, clear));
  }

  /** How many counters have been unregistered so far (see {@link Shortcuts}). */
  int unregistrations() {
    return unregistrations;
  }

  /** The registered counter of that name, or null. */
  public Counter counter(String counterName) {
    return counters.get(counterName);
  }

  /**
   * A consistent snapshot of every counter: every event reported on any thread before this call is
   * in it, or counted in its {@code droppedEvents}. Blocks while the drainer catches up.
   *
   * @throws IllegalStateException if called from a counter (the drainer thread), which would wait for itself
   */
  @Override
  public Snapshot snapshot() {
    if (drainer.isDrainerThread()) {
      throw new IllegalStateException("snapshot() called from the drainer thread (from a counter?): it would wait for itself");
    }
    synchronized (this) {
      if (closed) {
        return finalSnapshot;
      }
    }
    return Drainer.await(drainer.requestSnapshot());
  }

  /** Events lost to full rings so far (a snapshot's figure, without taking one). */
  public long droppedEvents() {
    return snapshot().droppedEvents();
  }

  /** Rings leased to live threads (or to dead ones not yet recycled). */
  public int liveRings() {
    return drainer.liveRings();
  }

  /** Rings waiting in the pool for new threads. */
  public int pooledRings() {
    return drainer.pooledRings();
  }

  /** Drains every ring, stops the drainer and keeps the final values for {@link #snapshot()}. Idempotent. */
  @Override
  public void close() {
    Snapshot last;
    synchronized (this) {
      if (closed) {
        return;
      }
      last = Drainer.await(drainer.requestSnapshot());
      synchronized (listenerCounts) {
        for (int id = 0; id < names.size(); id++) {
          FLAGS.setRelease(flags, id, KNOWN);
        }
        listenerCounts.clear();
      }
      closed = true;
      finalSnapshot = last;
    }
    drainer.stop().join();
    drainer.awaitTermination();
  }

  // ------------------------------------------------------------------ shortcuts' scopes

  Shortcuts.Scope timingScope(String name) {
    Shortcuts.Scope scope = timingScopes.get(name);
    return scope != null ? scope : timingScopes.computeIfAbsent(name, n -> new Shortcuts.Scope(this, id(n), true));
  }

  Shortcuts.Scope occurrenceScope(String name) {
    Shortcuts.Scope scope = occurrenceScopes.get(name);
    return scope != null ? scope : occurrenceScopes.computeIfAbsent(name, n -> new Shortcuts.Scope(this, id(n), false));
  }

  private static final class DefaultHolder {
    static final JCounters INSTANCE = builder().build();
  }

  /**
   * Settings of an engine. Defaults: rings of 16,384 slots, {@link FullRingPolicy#DROP}, the system
   * clock, 65,536 event names, a drainer that parks from 50 µs up to 10 ms when idle.
   */
  public static final class Builder {
    private int ringCapacity = 1 << 14;
    private FullRingPolicy fullRingPolicy = FullRingPolicy.DROP;
    private Clock clock = Clock.SYSTEM;
    private int maxEventNames = 1 << 16;
    private IdleStrategy idleStrategy = new BackoffIdleStrategy(0, 0, 50_000, 10_000_000);
    private int minBatch = 256;
    private int batchLimit = 4096;
    private Duration reapInterval = Duration.ofMillis(100);
    private int maxPooledRings = 16;
    private String drainerThreadName = "jcounters-drainer";

    private Builder() {}

    /** Slots per thread ring: a power of two, at least 64. Memory per live thread is 16 bytes a slot. */
    public Builder ringCapacity(int slots) {
      if (slots < 64 || Integer.bitCount(slots) != 1) {
        throw new IllegalArgumentException("ring capacity must be a power of two of at least 64 slots, got " + slots);
      }
      this.ringCapacity = slots;
      return this;
    }

    /** What a producer does when its ring is full. */
    public Builder fullRingPolicy(FullRingPolicy policy) {
      this.fullRingPolicy = Objects.requireNonNull(policy, "fullRingPolicy");
      return this;
    }

    /** The clock for start/end times and windows (inject one in tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The most distinct event names; the hot path keeps one byte per possible name. */
    public Builder maxEventNames(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("the maximum number of event names must be positive, got " + max);
      }
      this.maxEventNames = max;
      return this;
    }

    /** How the drainer waits when a pass finds (almost) nothing; it is woken early by full rings and snapshots. */
    public Builder idleStrategy(IdleStrategy idle) {
      this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
      return this;
    }

    /** A drainer pass finding fewer events than this counts as idle. */
    public Builder minBatch(int events) {
      if (events <= 0) {
        throw new IllegalArgumentException("minBatch must be positive, got " + events);
      }
      this.minBatch = events;
      return this;
    }

    /** The most events the drainer takes from one ring before visiting the next. */
    public Builder batchLimit(int events) {
      if (events <= 0) {
        throw new IllegalArgumentException("batchLimit must be positive, got " + events);
      }
      this.batchLimit = events;
      return this;
    }

    /** How often the drainer looks for rings of dead threads to recycle. */
    public Builder reapInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("reapInterval must be positive, got " + interval);
      }
      this.reapInterval = interval;
      return this;
    }

    /** How many rings of dead threads are kept for new threads; the rest are freed. */
    public Builder maxPooledRings(int rings) {
      if (rings < 0) {
        throw new IllegalArgumentException("maxPooledRings must be >= 0, got " + rings);
      }
      this.maxPooledRings = rings;
      return this;
    }

    /** The drainer thread's name. */
    public Builder drainerThreadName(String name) {
      this.drainerThreadName = EventNames.requireValidName(name, "drainer thread name");
      return this;
    }

    /** Builds and starts the engine (its drainer thread is a daemon). */
    public JCounters build() {
      return new JCounters(this);
    }
  }
}
