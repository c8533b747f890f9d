package org.jcounters.internal.ring;

import com.lmax.disruptor.EventPoller;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.agrona.concurrent.IdleStrategy;
import org.jcounters.FullRingPolicy;
import org.jcounters.core.Clock;
import org.jcounters.core.Counter;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.core.EventFamily;
import org.jcounters.core.FoldedEvents;
import org.jcounters.core.Snapshot;
import org.jcounters.counters.PercentileWindowCounter;

/**
 * The one thread that drains every ring into the counters. It owns the {@link EventDispatcher} and
 * so every counter's state; other threads reach it only through commands (counter changes, new
 * rings, snapshot requests), which it runs between batches, in the order they were submitted.
 *
 * <p><b>A pass</b> polls each ring once, taking up to {@code batchLimit} events from it, then folds
 * what producers put into overflow summaries while their rings were full (one call per event id
 * and kind, whatever the number of producers). A pass that found fewer than {@code minBatch} events
 * counts as idle: the drainer backs off to parking (the idle strategy), so that it neither burns a
 * core in an idle service nor chases busy producers slot by slot. Producers wake it when their
 * backlog passes a ring's high-water mark or when they fold; a snapshot request wakes it at once.
 *
 * <p><b>Dead threads.</b> Every {@code reapIntervalNanos}, or sooner when a thread asked for a ring,
 * rings whose owner has died are drained to the end and put back in the pool.
 *
 * <p><b>Never wedged.</b> A counter that throws (an Error included) misses that event. Anything else
 * thrown inside a pass is logged and the loop goes on; a command that fails fails its caller's
 * future. A slot of a shared ring claimed and never published is skipped after
 * {@value #STUCK_SLOT_MILLIS} ms (counted as dropped), so draining and snapshots go on.
 */
public final class Drainer implements Runnable, EventPoller.Handler<Ring> {
  // System.Logger, not SLF4J: the engine may live on the bootstrap class path (the agent puts it
  // there), where only java.base is visible. SLF4J users route it with slf4j-jdk-platform-logging.
  private static final System.Logger LOG = System.getLogger(Drainer.class.getName());
  private static final AtomicInteger FAILURES_LOGGED = new AtomicInteger();
  /** How long a shared ring's next slot may stay claimed and unpublished before it is skipped. */
  static final long STUCK_SLOT_MILLIS = 1_000;
  /** No slot waited for: a sequence no slot has (sequences start at 0). */
  private static final long NOT_WAITING = Long.MIN_VALUE;
  /** How long a snapshot or a registration may wait for the drainer before it is reported as stuck. */
  public static final long SNAPSHOT_TIMEOUT_SECONDS = 30;

  private final EventDispatcher dispatcher;
  private final Clock clock;
  private final IdleStrategy idle;
  private final int minBatch;
  private final int batchLimit;
  private final long reapIntervalNanos;
  private final RingPlacement placement;
  private final ListeningFlags flags;
  private final Predicate<Counter> stillRegistered;

  private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Queue<Counter> quickAdds = new ConcurrentLinkedQueue<>();

  // Drainer-owned state.
  private final List<Ring> rings = new ArrayList<>();
  /**
   * Per shared ring, the slot being waited for, since when, and when the drainer last looked (for
   * stuck-slot repair): kept here, off the lines producers read. {@link #NOT_WAITING} while nothing
   * claimed is unpublished.
   */
  private final java.util.IdentityHashMap<Ring, long[]> waits = new java.util.IdentityHashMap<>();
  private final List<ThreadRing> ownRings = new ArrayList<>();
  private final FoldAccumulator folds = new FoldAccumulator();
  private final FoldedEvents folded = new FoldedEvents();
  private final FoldAccumulator.Visitor dispatchFolded = this::dispatchFolded;
  private long nowNanos;
  /** See {@link #expectContinuation}: -1 when no record is half taken. */
  private long continuation = -1;
  private int batch;
  private long lastReapNanos;
  private boolean running = true;

  private volatile Thread thread;
  /**
   * 1 while the drainer may be parked. Producers read it on every fold, so it sits in a padded
   * Disruptor {@link com.lmax.disruptor.Sequence}, off the lines of the fields the drainer writes per event.
   */
  private final com.lmax.disruptor.Sequence sleeping = new com.lmax.disruptor.Sequence(0);
  private volatile boolean reapRequested;
  private volatile boolean stopped;
  /** Events that reached the counters through overflow summaries: written by the drainer only. */
  private volatile long foldedEvents;

  /**
   * A drainer for {@code placement}'s rings, feeding {@code dispatcher}; {@code stillRegistered}
   * tells whether a counter registered without waiting is still registered when its turn comes.
   */
  public Drainer(
      EventDispatcher dispatcher,
      Clock clock,
      IdleStrategy idle,
      int minBatch,
      int batchLimit,
      long reapIntervalNanos,
      RingPlacement placement,
      ListeningFlags flags,
      Predicate<Counter> stillRegistered) {
    this.dispatcher = dispatcher;
    dispatcher.onCounterFailure(Drainer::logCounterFailure);
    this.clock = clock;
    this.idle = idle;
    this.minBatch = minBatch;
    this.batchLimit = batchLimit;
    this.reapIntervalNanos = reapIntervalNanos;
    this.placement = placement;
    this.flags = flags;
    this.stillRegistered = stillRegistered;
    for (SharedRing stripe : placement.stripes()) {
      rings.add(stripe);
    }
  }

  /** Starts the drainer on a daemon thread of the given name. */
  public void start(String threadName) {
    Thread t = new Thread(this, threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  // ---------------------------------------------------------------- called from any thread

  /** Takes a new own ring into the drain. */
  void addRing(ThreadRing ring) {
    submit(() -> {
      rings.add(ring);
      ownRings.add(ring);
    });
  }

  /** Asks for dead owners' rings to be recycled soon. */
  void requestReap() {
    reapRequested = true;
  }

  /**
   * Registers or unregisters counters on the drainer, in order with the events: every event
   * published before this call is dispatched to the counters as they were, every event published
   * after it returns to the counters as changed; then updates the listening flags of
   * {@code eventNames}. Waits for the drainer, except when called from the drainer itself (a counter
   * changing counters), where the change applies at once.
   */
  public void change(Runnable change, List<String> eventNames) {
    if (isDrainerThread()) {
      applyChange(change, eventNames);
      return;
    }
    CompletableFuture<Void> applied = new CompletableFuture<>();
    submit(() -> {
      try {
        drainEverything();
        applyChange(change, eventNames);
        applied.complete(null);
      } catch (Throwable e) {
        applied.completeExceptionally(e);
      }
    });
    await(applied, "a counter registration");
  }

  /**
   * Registers {@code counter} without waiting: it is added before the drainer dispatches any event
   * published after this call (so a shortcut's first event is heard), unless it was unregistered meanwhile.
   */
  public void addWithoutWaiting(Counter counter) {
    quickAdds.add(counter);
    wake();
  }

  /** Runs {@code task} on the drainer after every event published before this call has been dispatched; waits for it. */
  public void run(java.util.function.LongConsumer task) {
    change(() -> task.accept(clock.nanoTime()), List.of());
  }

  /** Requests a consistent snapshot: every event published before this call is counted or counted as dropped. */
  public CompletableFuture<Snapshot> requestSnapshot() {
    CompletableFuture<Snapshot> result = new CompletableFuture<>();
    submit(() -> {
      try {
        result.complete(takeSnapshot());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** Drains everything published so far, then stops the drainer thread. */
  public CompletableFuture<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(() -> {
      running = false;
      done.complete(null);
    });
    return done;
  }

  /** Waits until the drainer thread has finished its final drain after {@link #stop()}. */
  public void awaitTermination() {
    Thread t = thread;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(SNAPSHOT_TIMEOUT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Wakes the drainer if it is parked; a load when it is not. */
  public void wake() {
    if (sleeping.get() != 0) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Whether the calling thread is the drainer (which must never wait for itself). */
  public boolean isDrainerThread() {
    return Thread.currentThread() == thread;
  }

  /** Events that reached the counters through overflow summaries (their producers' rings were full). */
  public long foldedEvents() {
    return foldedEvents;
  }

  boolean isStopped() {
    return stopped;
  }

  // ---------------------------------------------------------------- the drainer thread

  @Override
  public void run() {
    while (running) {
      try {
        runCommands();
        if (!running) {
          break;
        }
        int drained = drainPass();
        if (System.nanoTime() - lastReapNanos >= reapIntervalNanos || reapRequested) {
          reapDeadOwners();
        }
        if (drained >= minBatch || !commands.isEmpty() || !quickAdds.isEmpty()) {
          idle.reset();
          continue;
        }
        sleeping.set(1);
        if (commands.isEmpty() && quickAdds.isEmpty()) {
          idle.idle(); // spins briefly, then parks with a doubling period; wake() cuts a park short
        }
        sleeping.set(0);
      } catch (Throwable t) { // an OutOfMemoryError included: log, breathe, go on
        sleeping.set(0);
        logFailure("JCounters drainer: a pass failed; draining goes on", t);
        LockSupport.parkNanos(1_000_000);
      }
    }
    try {
      drainEverything();
    } catch (Throwable t) {
      logFailure("JCounters drainer: the final drain failed", t);
    }
    stopped = true;
  }

  private static void logCounterFailure(Counter counter, String eventName, Throwable failure) {
    logFailure(counter + " failed on event '" + eventName + "'; it misses that event, the other counters do not", failure);
  }

  /** Logged every time at DEBUG, and the first few times at WARNING: a counter failing per event must not flood the log. */
  private static void logFailure(String message, Throwable failure) {
    try {
      if (FAILURES_LOGGED.getAndIncrement() < 10) {
        LOG.log(System.Logger.Level.WARNING, message, failure);
      } else {
        LOG.log(System.Logger.Level.DEBUG, message, failure);
      }
    } catch (Throwable ignored) {
      // logging itself failed (out of memory): nothing more to do
    }
  }

  private void submit(Runnable command) {
    commands.add(command);
    wake();
  }

  private void runCommands() {
    applyQuickAdds();
    Runnable command;
    while ((command = commands.poll()) != null) {
      command.run();
    }
  }

  private void applyChange(Runnable change, List<String> eventNames) {
    applyQuickAdds();
    change.run();
    updateFlags(eventNames);
  }

  /** Adds the counters registered without waiting; returns whether there were any. */
  private boolean applyQuickAdds() {
    boolean any = false;
    Counter counter;
    while ((counter = quickAdds.poll()) != null) {
      if (stillRegistered.test(counter)) {
        add(counter);
        updateFlags(counter.events());
        any = true;
      }
    }
    return any;
  }

  /** Adds a counter to the dispatcher, with the overflow histograms a percentile counter needs. Drainer only. */
  public void add(Counter counter) {
    dispatcher.add(counter);
    if (counter instanceof PercentileWindowCounter percentiles) {
      forEachHistogramKey(percentiles, key -> placement.histograms.want(key, percentiles.significantDigits(), percentiles.highestTrackableValue()));
    }
  }

  /** Removes a counter from the dispatcher and its overflow histograms; returns whether it was there. Drainer only. */
  public boolean remove(Counter counter) {
    boolean removed = dispatcher.remove(counter);
    if (removed && counter instanceof PercentileWindowCounter percentiles) {
      forEachHistogramKey(percentiles, placement.histograms::unwant);
    }
    return removed;
  }

  private void forEachHistogramKey(PercentileWindowCounter counter, java.util.function.IntConsumer action) {
    boolean timings = counter.unit() == org.jcounters.core.CounterValue.Distribution.Unit.NANOSECONDS;
    for (String event : counter.events()) {
      int id = dispatcher.eventId(event);
      action.accept(EventRecord.foldKey(EventRecord.VALUE, id));
      if (timings) {
        action.accept(EventRecord.foldKey(EventRecord.TIMING, id));
      }
    }
  }

  private void updateFlags(List<String> eventNames) {
    for (String event : eventNames) {
      int id = dispatcher.eventIdIfPresent(event);
      boolean percentiles = id >= 0 && placement.histograms.keeps(id);
      // Folding first is part of the FOLD policy (WAIT and DROP keep every event in a slot), and
      // never for events a percentile counter takes one by one, a family's included.
      boolean mayFoldFirst = placement.policy == FullRingPolicy.FOLD && !percentiles;
      if (id >= 0 && id < flags.capacity()) {
        flags.update(id, dispatcher, percentiles, mayFoldFirst);
      }
      EventFamily family = dispatcher.family(event);
      if (family != null) {
        // Pairs with EventFamily's interning (publish the label set, fence, read the family's flag):
        // either it sees the flag just written, or this loop sees its label set.
        VarHandle.fullFence();
        for (int i = 0, n = family.size(); i < n; i++) {
          // A label set's folds keep no histogram (a summary spread instead), but its family's
          // percentile counter still takes its values one by one: not folded first.
          flags.update(family.labelSet(i).id(), dispatcher, false, mayFoldFirst);
        }
      }
    }
  }

  private int drainPass() {
    nowNanos = clock.nanoTime();
    int drained = 0;
    for (int i = 0, n = rings.size(); i < n; i++) {
      Ring ring = rings.get(i);
      drained += drainBatch(ring);
      if (ring instanceof SharedRing) {
        skipIfStuck(ring);
      }
    }
    foldOverflow();
    return drained;
  }

  private int drainBatch(Ring ring) {
    batch = 0;
    continuation = -1; // a poll starts on a record's first word (one that failed mid-record is taken again whole)
    try {
      ring.poller.poll(this);
    } catch (Exception e) { // onEvent does not throw; poll declares Exception
      throw new IllegalStateException(e);
    }
    return batch;
  }

  /** Drains {@code ring} up to what was claimed when called, skipping a slot left claimed for too long. */
  private void drainFully(Ring ring) {
    long target = ring.claimed();
    while (ring.drained() < target) {
      nowNanos = clock.nanoTime();
      if (drainBatch(ring) == 0) {
        skipIfStuck(ring);
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Skips the slot after the drained ones if it has been seen claimed and unpublished for
   * {@value #STUCK_SLOT_MILLIS} ms of this drainer's looking. The wait starts when the drainer first
   * sees that slot waited for, and starts again when it was not looking for a while (just started,
   * descheduled, a long pause, which may have stopped the producer too): it never skips, on its first
   * pass back, a slot whose producer is publishing right now.
   */
  private void skipIfStuck(Ring ring) {
    long[] wait = waits.computeIfAbsent(ring, r -> new long[] {NOT_WAITING, 0, 0}); // {slot waited for, since, last looked}
    long next = ring.drained() + 1;
    long now = System.nanoTime();
    long stuck = TimeUnit.MILLISECONDS.toNanos(STUCK_SLOT_MILLIS);
    if (ring.claimed() < next) {
      wait[0] = NOT_WAITING;
      return;
    }
    if (wait[0] != next || now - wait[2] > stuck / 2) {
      wait[0] = next;
      wait[1] = now;
    } else if (now - wait[1] > stuck) {
      ring.skipStuckSlot();
      wait[1] = now;
    }
    wait[2] = now;
  }

  /** Every event published before this call, in rings and overflow summaries, reaches the counters. */
  private void drainEverything() {
    for (int i = 0, n = rings.size(); i < n; i++) {
      drainFully(rings.get(i));
    }
    foldOverflow();
  }

  private void foldOverflow() {
    for (int i = 0, n = rings.size(); i < n; i++) {
      rings.get(i).drainOverflowTo(folds);
    }
    placement.spill.drainTo(folds);
    if (!folds.isEmpty()) {
      nowNanos = clock.nanoTime();
      folds.drainTo(dispatchFolded);
    }
  }

  private void dispatchFolded(int key, long count, long sum, long min, long max) {
    foldedEvents += count; // single writer: not an atomic increment
    int id = EventRecord.keyId(key);
    switch (EventRecord.keyKind(key)) {
      case EventRecord.VALUE -> dispatcher.values(id, folded.set(count, sum, min, max, placement.histograms.take(key)), nowNanos);
      case EventRecord.OCCURRENCE -> dispatcher.occurrences(id, count, nowNanos);
      case EventRecord.TIMING -> dispatcher.timings(id, folded.set(count, sum, min, max, placement.histograms.take(key)), nowNanos);
      default -> throw new IllegalStateException("corrupt fold key " + key);
    }
  }

  @Override
  public boolean onEvent(Ring ring, long sequence, boolean endOfBatch) {
    ring.dispatchAt(sequence, this);
    return ++batch < batchLimit || continuation != -1; // never stop between the two words of a record
  }

  /**
   * The second word of a two-word record of an own ring, whose record was delivered with its first
   * word: the next sequence of the ring being polled. Both words are published by one store of the
   * ring's published sequence, and a poll never stops between them, so the drainer keeps this, not the ring (whose
   * lines its owner reads on every event).
   */
  void expectContinuation(long sequence) {
    continuation = sequence;
  }

  /** Whether {@code sequence} is the second word of a record already delivered (then passed over). */
  boolean takeContinuation(long sequence) {
    if (sequence != continuation) {
      return false;
    }
    continuation = -1;
    return true;
  }

  /** Hands one record to the counters, and again if a counter registered without waiting was its first listener. */
  void deliver(int kind, int id, long threadId, long payload) {
    if (!dispatch(kind, id, threadId, payload) && !quickAdds.isEmpty() && applyQuickAdds()) {
      dispatch(kind, id, threadId, payload); // a counter registered without waiting, whose first event this is
    }
  }

  /** Hands one record to the counters; returns false if nobody listened to it. */
  private boolean dispatch(int kind, int id, long threadId, long payload) {
    return switch (kind) {
      case EventRecord.VALUE -> dispatcher.value(id, payload, nowNanos);
      case EventRecord.OCCURRENCE -> dispatcher.occurrence(id, nowNanos);
      case EventRecord.TIMING -> dispatcher.timing(id, payload, nowNanos);
      case EventRecord.START -> dispatcher.start(id, threadId, payload);
      case EventRecord.END -> dispatcher.end(id, threadId, payload);
      default -> true; // SKIP: counted as dropped where it was written
    };
  }

  private Snapshot takeSnapshot() {
    drainEverything();
    long dropped = 0;
    for (int i = 0, n = rings.size(); i < n; i++) {
      dropped += rings.get(i).dropped();
    }
    return new Snapshot(dispatcher.values(clock.nanoTime()), dropped, System.currentTimeMillis());
  }

  private void reapDeadOwners() {
    reapRequested = false;
    lastReapNanos = System.nanoTime();
    for (int i = 0, n = ownRings.size(); i < n; i++) {
      ThreadRing ring = ownRings.get(i);
      Thread owner = ring.owner();
      if (owner != null && !owner.isAlive()) { // isAlive() == false: the owner's last writes are visible
        drainFully(ring);
        long ownerId = ring.ownerId;
        dispatcher.threadEnded(ownerId & EventRecord.THREAD_MASK); // the bits its START and END records carry
        placement.recycle(ring, ownerId);
      }
    }
  }

  /** Waits for a requested snapshot. */
  public static Snapshot await(CompletableFuture<Snapshot> request) {
    return await(request, "a snapshot");
  }

  private static <T> T await(CompletableFuture<T> request, String what) {
    try {
      return request.get(SNAPSHOT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the drainer did not answer " + what + " within " + SNAPSHOT_TIMEOUT_SECONDS + " s", e);
    }
  }

  /** For tests: runs {@code task} on the drainer thread as a command, without waiting (it may throw, even an Error). */
  public void submitForTest(Runnable task) {
    submit(task);
  }
}
