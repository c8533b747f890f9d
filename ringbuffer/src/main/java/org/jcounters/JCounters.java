package org.jcounters;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jcounters.core.Clock;
import org.jcounters.core.Counter;
import org.jcounters.core.EventFamily;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.counters.ValueAccumulator;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventFamilies;
import org.jcounters.internal.core.EventNames;
import org.jcounters.internal.ring.Drainer;
import org.jcounters.internal.ring.EventPath;
import org.jcounters.internal.ring.ListeningFlags;
import org.jcounters.internal.ring.RingPlacement;

/**
 * One JCounters engine: event ids, the rings threads publish into, the drainer thread and the
 * counters it feeds. Most code uses the process-wide {@linkplain #defaultInstance() default engine}
 * through the static {@link Events}, {@link Counters} and {@link Shortcuts}; tests and embedders
 * build their own.
 *
 * <pre>{@code
 * try (JCounters engine = JCounters.builder().clock(testClock).build()) {
 *   int requests = engine.id("requests");
 *   engine.register(new TotalCounter("requests"));
 *   engine.value(requests, 3);
 *   Snapshot snapshot = engine.snapshot(); // {"requests": 3}
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread, platform or virtual. The event
 * methods ({@link #value}, {@link #occurrence}, {@link #start}, {@link #end}) take no lock, never
 * wait for the drainer under the default {@link FullRingPolicy#FOLD} and allocate nothing once the
 * calling thread is known (a platform thread's first listened-to event leases it a ring; a thread
 * without a ring that times blocks gets a small thread-local stack). {@link #snapshot()} waits for
 * the drainer to catch up.
 *
 * <p><b>Cost.</b> An event nobody listens to costs one read of a per-id flag. A listened-to event
 * costs a lookup of the thread's ring by thread id and an 8-byte write into it (16 bytes for a
 * value beyond ±2<sup>36</sup>); a block reads the
 * clock at its start and its end and publishes one record, its duration. When the drainer falls
 * behind and a ring is full, the producer folds the event into an overflow summary instead: the
 * counts, sums, minimum, maximum and percentile histograms stay exact, only the moment at which
 * the events enter a window is that of the drainer's next pass.
 *
 * <p><b>Memory</b> is fixed whatever the number or kind of threads: own rings for platform threads
 * within {@link Builder#ringBudget(long) the ring budget} (8 MiB by default: 210 rings of 4,096
 * slots), a few shared rings for virtual threads and everyone beyond the budget, and fixed overflow
 * tables. Rings of dead threads are recycled.
 *
 * <p><b>Closing</b> drains every ring, stops the drainer and unhooks every counter: later events are
 * ignored as events nobody listens to, and {@link #snapshot()} keeps answering with the final values.
 */
public final class JCounters implements SnapshotSource, AutoCloseable {
  private static final VarHandle UNREGISTRATIONS;

  static {
    try {
      UNREGISTRATIONS = java.lang.invoke.MethodHandles.lookup().findVarHandle(JCounters.class, "unregistrations", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventNames names;
  private final EventFamilies families;
  private final ListeningFlags flags;
  private final RingPlacement placement;
  private final EventPath path;
  private final Drainer drainer;
  private final EventDispatcher dispatcher;

  /** Registered counters by name: the authority on names, kept by callers' threads to reject duplicates at once. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** Counters registered as defaults (a shortcut's, an agent's): a later {@link #register} of their name replaces them. */
  private final Set<Counter> defaults = ConcurrentHashMap.newKeySet();
  private final EngineShortcuts shortcuts;
  /**
   * Counts unregistrations, so that shortcuts can tell cheaply that their counter is still
   * registered: a field of the engine's, not an AtomicInteger, so that a shortcut reads it without
   * one more object to go through.
   */
  private volatile int unregistrations; // incremented through UNREGISTRATIONS
  private volatile boolean closed;
  private Snapshot finalSnapshot;

  private JCounters(Builder builder) {
    if ((long) builder.maxEventNames + builder.maxLabelSets > ListeningFlags.MAX_IDS) {
      throw new IllegalArgumentException("maxEventNames (" + builder.maxEventNames + ") + maxLabelSets (" + builder.maxLabelSets
          + ") must not exceed " + ListeningFlags.MAX_IDS + " ids");
    }
    this.names = new EventNames(builder.maxEventNames);
    this.flags = new ListeningFlags(builder.maxEventNames + builder.maxLabelSets);
    // Label set ids come after every name's: names keep their bound, label sets theirs.
    this.families = new EventFamilies(builder.maxEventNames, builder.maxLabelSets, set -> {
      VarHandle.fullFence(); // the label set is published to the drainer: see Drainer.updateFlags
      flags.initialize(set.id(), flags.get(set.family().nameId()));
    });
    Clock clock = builder.clock;
    this.dispatcher = new EventDispatcher(names, families);
    this.placement = new RingPlacement(
        builder.fullRingPolicy,
        builder.ringCapacity,
        builder.ringBudget,
        builder.sharedRings,
        builder.sharedRingCapacity,
        OVERFLOW_CELLS,
        flags,
        rings -> new Drainer(
            dispatcher,
            clock,
            builder.idleStrategy,
            builder.minBatch,
            builder.batchLimit,
            builder.reapInterval.toNanos(),
            rings,
            flags,
            counter -> counters.get(counter.name()) == counter));
    this.path = placement.newEventPath(clock);
    this.shortcuts = new EngineShortcuts(this, new ShortcutPath(
        path,
        new ShortcutScopes(name -> new Shortcuts.Scope(this, name, id(name), true)),
        new ShortcutScopes(name -> new Shortcuts.Scope(this, name, id(name), false))));
    this.drainer = placement.drainer();
    drainer.start(builder.drainerThreadName);
  }

  /** Cells of each shared overflow table (a stripe's, the spill): 64 KiB each. */
  static final int OVERFLOW_CELLS = 1024;

  /** {@return a new builder with the defaults of the {@linkplain #defaultInstance() default engine}} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@link Shortcuts} on this engine: the same methods, reporting here and registering their default
   * counters here ({@code Shortcuts}' statics are the {@linkplain #defaultInstance() default engine}'s).
   *
   * @return this engine's shortcuts, always the same object
   */
  public EngineShortcuts shortcuts() {
    return shortcuts;
  }

  /**
   * {@return the process-wide engine behind {@link Events}, {@link Counters} and {@link Shortcuts}}
   * Started, with the {@linkplain #builder() default settings}, on first use; never closed by JCounters.
   */
  public static JCounters defaultInstance() {
    return DefaultHolder.INSTANCE;
  }

  // ------------------------------------------------------------------ event ids

  /**
   * The id of an event name, interned on first use: the same name always gets the same id. Look it up
   * once and keep it in a constant: the event methods taking an id are the cheap ones.
   *
   * @param name the event's name
   * @return its id on this engine (ids of different engines do not mix)
   * @throws IllegalArgumentException if {@code name} is null, empty or longer than 4096 {@code char}s
   * @throws IllegalStateException if the engine's {@link Builder#maxEventNames} names are all taken
   */
  public int id(String name) {
    int id = names.id(name);
    flags.markKnown(id);
    return id;
  }

  /**
   * The name behind an id from {@link #id(String)}, or a label set's full name ({@code requests{method="GET"}}).
   *
   * @param id an id this engine issued
   * @return the event's name
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public String name(int id) {
    if (families.isLabelSetId(id)) {
      org.jcounters.core.LabelSet set = families.labelSet(id);
      if (set == null) {
        throw new IllegalArgumentException("unknown label set id " + id);
      }
      return set.name();
    }
    return names.name(id);
  }

  /**
   * The family of labelled events {@code name} with these label names (at most
   * {@value EventFamily#DEFAULT_MAX_LABEL_SETS} label sets): made on the first call, the same family
   * afterwards. Keep it in a constant; {@link EventFamily#id(String, String)} then turns label values
   * into an id for {@link #value(int, long)} and the other event methods, as cheap as a plain id.
   * Counters registered on {@code name} hear every label set, each kept apart. Thread-safe.
   *
   * <pre>{@code
   * EventFamily requests = engine.family("http_requests", "method", "status");
   * engine.register(new TotalCounter("http_requests"));          // {"http_requests": {"method=GET,status=200": 3, ...}}
   * engine.value(requests.id("GET", "200"), 1);
   * }</pre>
   *
   * @param name the family's name, an event name: what counters register on
   * @param labelNames the names of its labels, in the order {@link EventFamily#id(String, String)} takes their values
   * @return the family, the same one for every call with this name
   * @throws IllegalArgumentException if the name or a label name is invalid, or the family exists with other label names
   * @throws IllegalStateException if every label set id of this engine is taken
   */
  public EventFamily family(String name, String... labelNames) {
    return family(name, EventFamily.DEFAULT_MAX_LABEL_SETS, labelNames);
  }

  /**
   * {@link #family(String, String...)} with its own bound on label sets (the first call's holds).
   *
   * @param name the family's name, an event name: what counters register on
   * @param maxLabelSets the most label sets it keeps apart; beyond them, values go to its overflow label set
   * @param labelNames the names of its labels, in the order {@link EventFamily#id(String, String)} takes their values
   * @return the family, the same one for every call with this name
   * @throws IllegalArgumentException if the name or a label name is invalid, or the family exists with other label names
   * @throws IllegalStateException if every label set id of this engine is taken
   */
  public EventFamily family(String name, int maxLabelSets, String... labelNames) {
    return families.family(name, id(name), maxLabelSets, labelNames);
  }

  // ------------------------------------------------------------------ the hot path

  /**
   * Reports a value event. Ignored, at the cost of one flag read, if no counter listens to {@code id}.
   *
   * @param id an id from {@link #id(String)} or an {@link EventFamily}
   * @param value the value, in the unit the listening counters expect (nanoseconds for time counters)
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public void value(int id, long value) {
    if (!path.value(id, value)) {
      throw unknownId(id);
    }
  }

  /**
   * Reports an occurrence (counted by frequency and event counters like the end of a block).
   *
   * @param id an id from {@link #id(String)} or an {@link EventFamily}
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public void occurrence(int id) {
    if (!path.occurrence(id)) {
      throw unknownId(id);
    }
  }

  /**
   * Reports a block that took {@code nanos} nanoseconds, measured by the caller: one record, as an
   * end paired with its start reports it (an occurrence and a duration for counters that take durations).
   *
   * @param id an id from {@link #id(String)} or an {@link EventFamily}
   * @param nanos the block's duration in nanoseconds; a negative one counts as 0
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public void durationNanos(int id, long nanos) {
    if (!path.durationNanos(id, nanos)) {
      throw unknownId(id);
    }
  }

  /**
   * Reports the start of a block on this thread, reading the engine's clock.
   *
   * @param id an id from {@link #id(String)} or an {@link EventFamily}
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public void start(int id) {
    if (!path.start(id)) {
      throw unknownId(id);
    }
  }

  /**
   * Reports the end of a block on this thread; it pairs with this thread's latest unmatched start of the same id.
   *
   * @param id an id from {@link #id(String)} or an {@link EventFamily}
   * @throws IllegalArgumentException if this engine never issued {@code id}
   */
  public void end(int id) {
    if (!path.end(id)) {
      throw unknownId(id);
    }
  }

  /** The hot path of this engine's events (a static final for the default engine's: see {@link EventPath}). */
  EventPath eventPath() {
    return path;
  }

  /**
   * Reports a value event by name: a name lookup slower than {@link #value(int, long)}.
   *
   * @param name the event's name, interned on first use as by {@link #id(String)}
   * @param value the value, in the unit the listening counters expect
   */
  public void value(String name, long value) {
    value(id(name), value);
  }

  /**
   * Reports an occurrence by name: a name lookup slower than {@link #occurrence(int)}.
   *
   * @param name the event's name, interned on first use as by {@link #id(String)}
   */
  public void occurrence(String name) {
    occurrence(id(name));
  }

  /**
   * Reports the start of a block by name: a name lookup slower than {@link #start(int)}.
   *
   * @param name the event's name, interned on first use as by {@link #id(String)}
   */
  public void start(String name) {
    start(id(name));
  }

  /**
   * Reports the end of a block by name: a name lookup slower than {@link #end(int)}.
   *
   * @param name the event's name, interned on first use as by {@link #id(String)}
   */
  public void end(String name) {
    end(id(name));
  }

  /** What the hot path's callers throw for an id this engine never issued: the caller's mistake. */
  IllegalArgumentException unknownId(int id) {
    return new IllegalArgumentException(
        "unknown event id " + id + ": ids come from Events.id(String) or an EventFamily (this engine issued " + names.size()
            + " names and " + families.issued() + " label sets)");
  }

  // ------------------------------------------------------------------ counters

  /**
   * Registers a counter: it receives the events it listens to that are reported after this call
   * returns. Waits for the drainer to take the counter in (microseconds to a few milliseconds). A
   * {@linkplain #registerDefault default counter} of the same name (one a shortcut or the agent
   * registered) is replaced: the application's choice wins.
   *
   * @param counter the counter, registered under its {@link Counter#name()}; not shared with another engine
   * @throws IllegalArgumentException if a counter of the same name is registered, other than a default one
   * @throws IllegalStateException if the engine is closed
   * @throws NullPointerException if {@code counter} is null
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

  /**
   * Registers a counter unless one of the same name is registered (or the engine is closed), as
   * {@link #register} does otherwise: a default counter of that name is replaced.
   *
   * @param counter the counter, registered under its {@link Counter#name()}; not shared with another engine
   * @return whether it was registered
   * @throws NullPointerException if {@code counter} is null
   */
  public boolean registerIfAbsent(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    if (closed) {
      return false;
    }
    Counter existing = counters.putIfAbsent(counter.name(), counter);
    if (existing != null) {
      if (!defaults.contains(existing) || !counters.replace(counter.name(), existing, counter)) {
        return false;
      }
      defaults.remove(existing);
      System.getLogger(JCounters.class.getName()).log(System.Logger.Level.INFO,
          "counter ''{0}'': the application''s {1} replaces the default {2} (registered by a shortcut or the agent)",
          counter.name(), counter.getClass().getSimpleName(), existing.getClass().getSimpleName());
      UNREGISTRATIONS.getAndAdd(this, 1);
      drainer.change(() -> drainer.remove(existing), existing.events()); // events before this call reach it
    }
    for (String event : counter.events()) {
      if (families.labelSetNamed(event) == null) {
        id(event);
      }
    }
    try {
      drainer.change(() -> drainer.add(counter), counter.events());
    } catch (RuntimeException e) {
      counters.remove(counter.name(), counter);
      throw e;
    }
    return true;
  }

  /**
   * Registers a default counter (what a shortcut or the agent registers for an event nobody counts
   * yet) unless a counter of that name is registered; returns whether it did. Never waits for the
   * drainer, which may be busy or stalled, yet the counter hears the event reported right after this
   * call. A later {@link #register} of the same name replaces it.
   *
   * @param counter the default counter
   * @return whether it was registered: false if the name is taken or the engine is closed
   * @throws NullPointerException if {@code counter} is null
   */
  public boolean registerDefault(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    if (closed || counters.putIfAbsent(counter.name(), counter) != null) {
      return false;
    }
    defaults.add(counter);
    drainer.addWithoutWaiting(counter);
    for (String event : counter.events()) {
      org.jcounters.core.LabelSet set = families.labelSetNamed(event);
      flags.addAhead(set != null ? set.id() : id(event), ListeningFlags.TAKES_DURATIONS);
      EventFamily family = families.family(event);
      if (family != null) { // its label sets too (the atomic or above orders this read after the flag's write)
        for (int i = 0, n = family.size(); i < n; i++) {
          flags.addAhead(family.labelSet(i).id(), ListeningFlags.TAKES_DURATIONS);
        }
      }
    }
    return true;
  }

  /**
   * Unregisters the named counter; returns it, or null if none had that name. Events reported
   * before this call still reach it; it receives none reported after this call returns.
   *
   * @param counterName the counter's name
   * @return the unregistered counter, or null
   * @throws IllegalArgumentException if {@code counterName} is null, empty or longer than 4096 {@code char}s
   */
  public Counter unregister(String counterName) {
    EventNames.requireValidName(counterName, "counter name");
    Counter counter = counters.remove(counterName);
    if (counter == null) {
      return null;
    }
    defaults.remove(counter);
    UNREGISTRATIONS.getAndAdd(this, 1);
    if (!closed) {
      drainer.change(() -> drainer.remove(counter), counter.events());
    }
    return counter;
  }

  /**
   * Has a registered {@link ValueAccumulator} raise its totals as {@code <name>.<event>} value
   * events (PyCounters' {@code raise_value_events}), after every event reported before this call;
   * with {@code clear} its totals then start again from zero. Waits for the drainer.
   *
   * @param accumulatorName the name of the registered {@code ValueAccumulator}
   * @param clear whether its totals restart from zero once raised
   * @throws IllegalArgumentException if no {@code ValueAccumulator} of that name is registered here
   */
  public void raiseValueEvents(String accumulatorName, boolean clear) {
    if (!(counters.get(accumulatorName) instanceof ValueAccumulator accumulator)) {
      throw new IllegalArgumentException("no ValueAccumulator named '" + accumulatorName + "' is registered");
    }
    drainer.run(nowNanos -> CounterAccess.accumulators().raiseValueEvents(accumulator, nowNanos, clear));
  }

  /** How many counters have been unregistered so far (see {@link Shortcuts}). */
  int unregistrations() {
    return unregistrations;
  }

  /**
   * The registered counter of that name, or null.
   *
   * @param counterName the counter's name, not null
   * @return the counter, or null if none of that name is registered
   */
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

  /**
   * {@return the events lost so far to full rings, over all threads} The figure of a {@link #snapshot()},
   * which it takes: it waits for the drainer likewise.
   */
  public long droppedEvents() {
    return snapshot().droppedEvents();
  }

  /**
   * Events folded so far by their producers into overflow summaries, and so counted exactly, their
   * place in windows that of the drainer's next pass: those that met a full ring, and those that a
   * shared ring (virtual threads, threads beyond the ring budget) folds first because no counter of
   * theirs needs them one by one.
   *
   * @return how many events were folded since the engine started; does not wait for the drainer
   */
  public long foldedEvents() {
    return drainer.foldedEvents();
  }

  /** Own rings leased so far, to any thread, whether recycled since or not. */
  long ringLeases() {
    return placement.leases();
  }

  /** Own rings leased to live threads (or to dead ones not yet recycled). */
  int liveRings() {
    return placement.liveRings();
  }

  /** Own rings waiting in the pool for new threads. */
  int pooledRings() {
    return placement.ownRings() - placement.liveRings();
  }

  /** The most own rings the ring budget allows; threads beyond it share the striped rings. */
  int maxOwnRings() {
    return placement.maxOwnRings();
  }

  /** Drains every ring, stops the drainer and keeps the final values for {@link #snapshot()}. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      Snapshot last = Drainer.await(drainer.requestSnapshot());
      closed = true;
      drainer.change(() -> {
        flags.clearListening(names.size());
        flags.clearListening(families.base(), families.base() + families.issued());
      }, java.util.List.of());
      finalSnapshot = last;
    }
    drainer.stop().join();
    drainer.awaitTermination();
  }

  /** For tests: the producers' side. */
  RingPlacement placement() {
    return placement;
  }

  /** For tests: runs {@code task} on the drainer thread without waiting (it may throw, even an Error, or block). */
  void runOnDrainer(Runnable task) {
    drainer.submitForTest(task);
  }

  private static final class DefaultHolder {
    static final JCounters INSTANCE = builder().build();
  }

  /**
   * Settings of an engine. Defaults: own rings of 4,096 slots within an 8 MiB ring budget; shared
   * rings: four per available processor (a power of two, 4 to 64), 16,384 slots each; {@link FullRingPolicy#FOLD}; the system clock; 65,536 event names and 100,000 label sets; a drainer
   * that parks from 50 µs up to 10 ms when idle.
   */
  public static final class Builder {
    private int ringCapacity = 1 << 12;
    private long ringBudget = 8L << 20;
    private int sharedRings = defaultSharedRings(Runtime.getRuntime().availableProcessors());
    private int sharedRingCapacity = 1 << 14;
    private FullRingPolicy fullRingPolicy = FullRingPolicy.FOLD;
    private Clock clock = Clock.SYSTEM;
    private int maxEventNames = 1 << 16;
    private int maxLabelSets = EventFamilies.DEFAULT_MAX_LABEL_SETS;
    private IdleStrategy idleStrategy = new BackoffIdleStrategy(0, 0, 50_000, 10_000_000);
    private int minBatch = 256;
    private int batchLimit = 4096;
    private Duration reapInterval = Duration.ofMillis(100);
    private String drainerThreadName = "jcounters-drainer";

    private Builder() {}

    /**
     * Four stripes per core (the next power of two, 4 to 64): producers on different cores then
     * rarely claim on the same ring at the same moment (measured with a million virtual-thread
     * tasks on 2 cores: 2 stripes took 3.3 times the LongAdder baseline's wall time, 8 took 2.7).
     */
    static int defaultSharedRings(int processors) {
      int wanted = 4 * Math.max(1, processors);
      int stripes = Integer.highestOneBit(wanted - 1) << 1; // the next power of two
      return Math.min(64, Math.max(4, stripes));
    }

    /**
     * Slots of a platform thread's own ring: a power of two, at least 64; 8 bytes a slot (a value
     * beyond ±2<sup>36</sup>, or a start or end for a counter that follows threads, takes two).
     *
     * @param slots events a ring holds before the drainer must catch up (4,096 by default)
     * @return this builder
     * @throws IllegalArgumentException if {@code slots} is not a power of two of at least 64
     */
    public Builder ringCapacity(int slots) {
      this.ringCapacity = requireRingSize(slots, "ring capacity");
      return this;
    }

    /**
     * The memory all own rings may take together, in bytes (8 MiB by default). Platform threads
     * beyond what it allows share the striped rings, as virtual threads always do. 0: no own rings.
     *
     * @param bytes the budget in bytes, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder ringBudget(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("the ring budget must be >= 0 bytes, got " + bytes);
      }
      this.ringBudget = bytes;
      return this;
    }

    /**
     * How many shared rings (stripes) virtual threads and threads beyond the budget publish into: a power of two, 1 to 64.
     *
     * @param stripes the number of shared rings; by default four per processor, 4 to 64
     * @return this builder
     * @throws IllegalArgumentException if {@code stripes} is not a power of two from 1 to 64
     */
    public Builder sharedRings(int stripes) {
      if (stripes < 1 || stripes > 64 || Integer.bitCount(stripes) != 1) {
        throw new IllegalArgumentException("shared rings must be a power of two from 1 to 64, got " + stripes);
      }
      this.sharedRings = stripes;
      return this;
    }

    /**
     * Slots of each shared ring: a power of two, at least 64.
     *
     * @param slots events each shared ring holds (16,384 by default), 16 bytes each
     * @return this builder
     * @throws IllegalArgumentException if {@code slots} is not a power of two of at least 64
     */
    public Builder sharedRingCapacity(int slots) {
      this.sharedRingCapacity = requireRingSize(slots, "shared ring capacity");
      return this;
    }

    private static int requireRingSize(int slots, String what) {
      if (slots < 64 || Integer.bitCount(slots) != 1) {
        throw new IllegalArgumentException(what + " must be a power of two of at least 64 slots, got " + slots);
      }
      return slots;
    }

    /**
     * What a producer does when its ring is full: {@link FullRingPolicy#FOLD} by default.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder fullRingPolicy(FullRingPolicy policy) {
      this.fullRingPolicy = Objects.requireNonNull(policy, "fullRingPolicy");
      return this;
    }

    /**
     * The clock for start/end times and windows (inject one in tests).
     *
     * @param clock the clock, read by producers and the drainer alike; {@link Clock#SYSTEM} by default
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The most distinct event names, 1 to 2<sup>24</sup>; the hot path keeps one byte per possible name.
     *
     * @param max the most names (65,536 by default); {@link JCounters#id(String)} fails beyond
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is not 1 to 2<sup>24</sup>
     */
    public Builder maxEventNames(int max) {
      if (max <= 0 || max > 1 << 24) {
        throw new IllegalArgumentException("the maximum number of event names must be 1 to 16,777,216, got " + max);
      }
      this.maxEventNames = max;
      return this;
    }

    /**
     * The most label sets over every {@linkplain JCounters#family family} (100,000 by default), 0 to
     * 2<sup>24</sup> minus {@link #maxEventNames}: ids of their own after the names',
     * one flag byte each. Beyond it, new label sets are counted in their family's overflow label set.
     *
     * @param max the most label sets, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative or above 2<sup>24</sup>; {@link #build()}
     *     checks the sum with {@link #maxEventNames}
     */
    public Builder maxLabelSets(int max) {
      if (max < 0 || max > ListeningFlags.MAX_IDS) {
        throw new IllegalArgumentException("the maximum number of label sets must be 0 to " + ListeningFlags.MAX_IDS + ", got " + max);
      }
      this.maxLabelSets = max;
      return this;
    }

    /**
     * How the drainer waits when a pass finds (almost) nothing; it is woken early by full rings and snapshots.
     *
     * @param idle the strategy, used by the drainer thread only; by default parks from 50 µs up to 10 ms
     * @return this builder
     * @throws NullPointerException if {@code idle} is null
     */
    public Builder idleStrategy(IdleStrategy idle) {
      this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
      return this;
    }

    /**
     * A drainer pass finding fewer events than this counts as idle.
     *
     * @param events the threshold, 256 by default
     * @return this builder
     * @throws IllegalArgumentException if {@code events} is not positive
     */
    public Builder minBatch(int events) {
      if (events <= 0) {
        throw new IllegalArgumentException("minBatch must be positive, got " + events);
      }
      this.minBatch = events;
      return this;
    }

    /**
     * The most events the drainer takes from one ring before visiting the next.
     *
     * @param events the limit, 4,096 by default
     * @return this builder
     * @throws IllegalArgumentException if {@code events} is not positive
     */
    public Builder batchLimit(int events) {
      if (events <= 0) {
        throw new IllegalArgumentException("batchLimit must be positive, got " + events);
      }
      this.batchLimit = events;
      return this;
    }

    /**
     * How often the drainer looks for rings of dead threads to recycle.
     *
     * @param interval the interval, 100 ms by default
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is null, zero or negative
     */
    public Builder reapInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("reapInterval must be positive, got " + interval);
      }
      this.reapInterval = interval;
      return this;
    }

    /**
     * The drainer thread's name, {@code jcounters-drainer} by default.
     *
     * @param name the name, as thread dumps and profilers show it
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null, empty or longer than 4096 {@code char}s
     */
    public Builder drainerThreadName(String name) {
      this.drainerThreadName = EventNames.requireValidName(name, "drainer thread name");
      return this;
    }

    /**
     * Builds and starts the engine (its drainer thread is a daemon). Close it when done.
     *
     * @return the running engine
     * @throws IllegalArgumentException if {@link #maxEventNames} and {@link #maxLabelSets} together exceed 2<sup>24</sup> ids
     */
    public JCounters build() {
      return new JCounters(this);
    }
  }
}
