package org.jcounters.ring;

import com.lmax.disruptor.EventPoller;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.IdleStrategy;
import org.jcounters.core.Clock;
import org.jcounters.core.Counter;
import org.jcounters.core.EventDispatcher;
import org.jcounters.core.Snapshot;

/**
 * The one thread that drains every ring into the counters. It owns the {@link EventDispatcher} and
 * so every counter's state; other threads reach it only through commands (counter changes, new
 * rings, snapshot requests), which it runs between batches, in the order they were submitted.
 *
 * <p><b>Pacing.</b> A pass polls each ring once, taking up to {@code batchLimit} events from it.
 * A pass that found fewer than {@code minBatch} events counts as idle: the drainer backs off to
 * parking (the idle strategy), so that it neither burns a core in an idle service nor chases busy
 * producers slot by slot. Producers wake it when their backlog passes a ring's high-water mark, a
 * snapshot request wakes it at once.
 *
 * <p><b>Dead threads.</b> Every {@code reapIntervalNanos}, or sooner when a new thread found the
 * pool empty, rings whose owner has died are drained to the end, their drop counts kept, and put
 * back in the pool (up to {@code maxPooledRings}; beyond that they are left to the garbage collector).
 */
public final class Drainer implements Runnable, EventPoller.Handler<ThreadRing> {
  private static final System.Logger LOG = System.getLogger(Drainer.class.getName());
  private static final java.util.concurrent.atomic.AtomicInteger FAILURES_LOGGED = new java.util.concurrent.atomic.AtomicInteger();

  private final EventDispatcher dispatcher;
  private final Clock clock;
  private final IdleStrategy idle;
  private final int ringCapacity;
  private final int minBatch;
  private final int batchLimit;
  private final long reapIntervalNanos;
  private final int maxPooledRings;

  private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Queue<ThreadRing> pool = new ConcurrentLinkedQueue<>();
  private final RingTable ringTable = new RingTable();

  // Drainer-owned state.
  private final List<ThreadRing> rings = new ArrayList<>();
  private long retiredDropped;
  private long nowNanos;
  private int batch;
  private long lastReapNanos;
  private boolean running = true;

  private volatile Thread thread;
  private volatile boolean sleeping;
  private volatile boolean reapRequested;
  private volatile int liveRings;
  private long nextSourceKey;

  public Drainer(
      EventDispatcher dispatcher,
      Clock clock,
      IdleStrategy idle,
      int ringCapacity,
      int minBatch,
      int batchLimit,
      long reapIntervalNanos,
      int maxPooledRings) {
    this.dispatcher = dispatcher;
    dispatcher.onCounterFailure(Drainer::logCounterFailure);
    this.clock = clock;
    this.idle = idle;
    this.ringCapacity = ringCapacity;
    this.minBatch = minBatch;
    this.batchLimit = batchLimit;
    this.reapIntervalNanos = reapIntervalNanos;
    this.maxPooledRings = maxPooledRings;
  }

  /** Starts the drainer on a daemon thread of the given name. */
  public void start(String threadName) {
    Thread t = new Thread(this, threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  // ---------------------------------------------------------------- called from any thread

  /** A ring for the calling thread: from the pool if one is free, else a new one. */
  public ThreadRing lease(Thread owner) {
    ThreadRing ring = pool.poll();
    if (ring == null) {
      ring = new ThreadRing(ringCapacity, this);
      reapRequested = true; // threads may be dying as fast as new ones come: recycle soon
    }
    ring.lease(owner);
    if (owner == Thread.currentThread()) {
      ringTable.put(ring);
    }
    ThreadRing leased = ring;
    liveRingsChanged(+1);
    submit(() -> addRing(leased));
    return ring;
  }

  /**
   * Changes the counters (registers, unregisters) on the drainer, in order with the events: every
   * event published before this call is dispatched to the counters as they were, every event
   * published after it returns to the counters as changed. Waits for the drainer, except when
   * called from the drainer itself (a counter changing counters), where the change applies at once.
   */
  public void change(Consumer<EventDispatcher> change) {
    if (isDrainerThread()) {
      change.accept(dispatcher);
      return;
    }
    CompletableFuture<Void> applied = new CompletableFuture<>();
    submit(() -> {
      try {
        for (ThreadRing ring : rings) {
          drainFully(ring);
        }
        change.accept(dispatcher);
        applied.complete(null);
      } catch (RuntimeException | Error e) {
        applied.completeExceptionally(e);
      }
    });
    await(applied, "a counter registration");
  }

  /**
   * Runs {@code task} on the drainer after every event published before this call has been
   * dispatched, passing it the drainer's current time; waits for it. From the drainer itself, runs it at once.
   */
  public void run(java.util.function.LongConsumer task) {
    change(dispatcher -> task.accept(clock.nanoTime()));
  }

  /** Requests a consistent snapshot: every event published before this call is counted or counted as dropped. */
  public CompletableFuture<Snapshot> requestSnapshot() {
    CompletableFuture<Snapshot> result = new CompletableFuture<>();
    submit(() -> {
      try {
        result.complete(takeSnapshot());
      } catch (RuntimeException | Error e) {
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

  /** The rings of live threads by thread id, for the producers' first look. */
  public RingTable ringTable() {
    return ringTable;
  }

  /** Wakes the drainer if it is parked; cheap when it is not. */
  public void wake() {
    if (sleeping) {
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

  /** Rings leased to threads and not yet recycled. */
  public int liveRings() {
    return liveRings;
  }

  /** Rings waiting in the pool for a new thread. */
  public int pooledRings() {
    return pool.size();
  }

  // ---------------------------------------------------------------- the drainer thread

  @Override
  public void run() {
    try {
      while (true) {
        runCommands();
        if (!running) {
          break;
        }
        int drained = drainPass();
        if (System.nanoTime() - lastReapNanos >= reapIntervalNanos || reapRequested) {
          reapDeadOwners();
        }
        if (drained >= minBatch || !commands.isEmpty()) {
          idle.reset();
          continue;
        }
        sleeping = true;
        if (commands.isEmpty()) {
          idle.idle(); // spins briefly, then parks with a doubling period; wake() cuts a park short
        }
        sleeping = false;
      }
      for (ThreadRing ring : rings) {
        drainFully(ring);
      }
    } catch (Throwable t) {
      LOG.log(Level.ERROR, "JCounters drainer stopped by an unexpected error; events are no longer counted", t);
      throw t;
    }
  }

  private static void logCounterFailure(Counter counter, String eventName, RuntimeException failure) {
    // Logged every time at DEBUG, and the first few times at WARNING: a counter failing per event must not flood the log.
    if (FAILURES_LOGGED.getAndIncrement() < 10) {
      LOG.log(Level.WARNING, counter + " failed on event '" + eventName + "'; it misses that event, the other counters do not", failure);
    } else {
      LOG.log(Level.DEBUG, counter + " failed on event '" + eventName + "'", failure);
    }
  }

  private void submit(Runnable command) {
    commands.add(command);
    wake();
  }

  private void runCommands() {
    Runnable command;
    while ((command = commands.poll()) != null) {
      command.run();
    }
  }

  private void addRing(ThreadRing ring) {
    ring.source = dispatcher.newSource(nextSourceKey++);
    rings.add(ring);
  }

  private int drainPass() {
    nowNanos = clock.nanoTime();
    int drained = 0;
    for (int i = 0, n = rings.size(); i < n; i++) {
      drained += drainBatch(rings.get(i));
    }
    return drained;
  }

  private int drainBatch(ThreadRing ring) {
    batch = 0;
    try {
      ring.poller().poll(this);
    } catch (Exception e) { // onEvent does not throw; poll declares Exception
      throw new IllegalStateException(e);
    }
    return batch;
  }

  private void drainFully(ThreadRing ring) {
    long target = ring.cursor();
    while (ring.drained() < target) {
      nowNanos = clock.nanoTime();
      drainBatch(ring);
    }
  }

  @Override
  public boolean onEvent(ThreadRing ring, long sequence, boolean endOfBatch) {
    long header = ring.headerAt(sequence);
    long payload = ring.payloadAt(sequence);
    int id = EventRecord.eventId(header);
    switch (EventRecord.kind(header)) {
      case EventRecord.VALUE -> dispatcher.value(id, payload, nowNanos);
      case EventRecord.OCCURRENCE -> dispatcher.occurrence(id, nowNanos);
      case EventRecord.START -> dispatcher.start(id, ring.source, payload, nowNanos);
      case EventRecord.END -> dispatcher.end(id, ring.source, payload, nowNanos);
      default -> throw new IllegalStateException("corrupt event record " + Long.toHexString(header));
    }
    return ++batch < batchLimit;
  }

  private Snapshot takeSnapshot() {
    long dropped = retiredDropped;
    for (ThreadRing ring : rings) {
      drainFully(ring); // up to the cursor seen now, which is past every event published before the request
      dropped += ring.dropped();
    }
    return new Snapshot(dispatcher.values(clock.nanoTime()), dropped, System.currentTimeMillis());
  }

  private void reapDeadOwners() {
    reapRequested = false;
    lastReapNanos = System.nanoTime();
    for (int i = rings.size() - 1; i >= 0; i--) {
      ThreadRing ring = rings.get(i);
      Thread owner = ring.owner();
      if (owner != null && !owner.isAlive()) { // isAlive() == false: the owner's last writes are visible
        drainFully(ring);
        dispatcher.closeSource(ring.source);
        ringTable.remove(ring, owner.getId());
        retiredDropped += ring.release();
        rings.remove(i);
        liveRingsChanged(-1);
        if (pool.size() < maxPooledRings) {
          pool.add(ring);
        }
      }
    }
  }

  private synchronized void liveRingsChanged(int delta) {
    liveRings += delta;
  }

  /** How long a snapshot or a registration may wait for the drainer before it is reported as stuck. */
  public static final long SNAPSHOT_TIMEOUT_SECONDS = 30;

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
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the drainer did not answer " + what + " within " + SNAPSHOT_TIMEOUT_SECONDS + " s", e);
    }
  }
}
