package org.jcounters.reporters;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jcounters.core.Report;
import org.jcounters.core.ReportSource;
import org.jcounters.internal.core.SnapshotSourceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands reports to reporters: now ({@link #reportNow()}) or periodically ({@link #start(Duration)}).
 * The bridge between one {@link ReportSource} and many reporters, so that one round takes one
 * snapshot whatever the number of outputs.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>Rounds never overlap: a round started by {@link #reportNow()} on a caller's thread and a
 *       scheduled round run one after the other, so reporters are called one report at a time.</li>
 *   <li>Every reporter of a round receives the same {@link Report}; a source that returns
 *       {@code null} makes the round output nothing.</li>
 *   <li>A reporter that throws anything but a {@link VirtualMachineError} is logged through SLF4J
 *       and stops neither the others nor later rounds; a failing source is logged and the schedule
 *       goes on.</li>
 *   <li>{@link #stop()} makes one final report (as Dropwizard's {@code ScheduledReporter} does), so
 *       the last values written are current. {@link #start(Duration)} after {@link #stop()} works.</li>
 *   <li>The schedule runs on one named daemon thread ({@code jcounters-reporting-N}) that exists
 *       only while reports are scheduled: {@link #stop()} and {@link #close()} release it.</li>
 * </ul>
 *
 * <p>Thread-safe: every method may be called from any thread, including from a reporter.
 *
 * <pre>{@code
 * try (ReportingController reporting = new ReportingController(ReportSource.of(engine))) {
 *   reporting.register(new JsonFileReporter(Path.of("/tmp/server.counters.json")));
 *   reporting.start(Duration.ofSeconds(10));
 *   ...
 * } // close(): final report, thread released
 * }</pre>
 */
public final class ReportingController implements AutoCloseable {
  /** The automatic reporting period when none is given: 5 minutes, as PyCounters. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(ReportingController.class);
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
  /** How long stop() waits for an in-flight scheduled round before making its final report anyway. */
  private static final long STOP_WAIT_SECONDS = 30;

  private static final Object GLOBAL_LOCK = new Object();
  private static volatile ReportingController global;

  private final Set<Reporter> reporters = new CopyOnWriteArraySet<>();
  /** One round at a time, whoever starts it; reentrant so that a reporter may call reportNow(). */
  private final ReentrantLock roundLock = new ReentrantLock();
  private volatile ReportSource source;

  // Guarded by this.
  private ScheduledExecutorService executor;
  private ScheduledFuture<?> schedule;
  private Thread reportingThread;
  private Duration period;
  private boolean closed;

  /**
   * A controller reporting what {@code source} collects; nothing is scheduled until {@link #start}.
   *
   * @param source where each round gets its report, called on the thread running the round
   * @throws NullPointerException if {@code source} is null
   */
  public ReportingController(ReportSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * The process's controller, over the default engine found through {@link SnapshotSourceProvider}:
   * the one behind {@link Reporter#startAutoReport()}. Created on first use; never closed by JCounters.
   *
   * @return the global controller, the same one for every call once made
   * @throws IllegalStateException if no engine is on the class path (and nothing is cached, so a later call may succeed)
   */
  public static ReportingController global() {
    ReportingController controller = global;
    if (controller == null) {
      synchronized (GLOBAL_LOCK) {
        controller = global;
        if (controller == null) {
          controller = new ReportingController(ReportSource.of(SnapshotSourceProvider.loadDefault()));
          global = controller;
        }
      }
    }
    return controller;
  }

  /**
   * Replaces where rounds get their report, for example by a multi-process collector on the global
   * controller. Takes effect from the next round.
   *
   * @param source the new source
   * @throws NullPointerException if {@code source} is null
   */
  public void useSource(ReportSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Adds a reporter to every later round.
   *
   * @param reporter the reporter, called from the thread running each round
   * @return false if it was already registered
   * @throws NullPointerException if {@code reporter} is null
   */
  public boolean register(Reporter reporter) {
    return reporters.add(Objects.requireNonNull(reporter, "reporter"));
  }

  /**
   * Removes a reporter from later rounds (a round in progress may still call it), without a final report.
   *
   * @param reporter the reporter
   * @return false if it was not registered
   */
  public boolean unregister(Reporter reporter) {
    return reporters.remove(reporter);
  }

  /** {@return the registered reporters, in registration order: an immutable copy} */
  public List<Reporter> reporters() {
    return List.copyOf(reporters);
  }

  /**
   * Collects one report on the calling thread and hands it to every registered reporter, after any
   * round in progress. Reporter failures are logged, not thrown.
   *
   * @return the report handed out, or {@code null} if the source had nothing this round
   * @throws IllegalStateException if the controller is closed, or wrapping a checked exception of the source
   * @throws RuntimeException the source's own unchecked failure, as it was thrown
   */
  public Report reportNow() {
    synchronized (this) {
      ensureOpen();
    }
    return round(reporters, true);
  }

  /** Starts automatic reports every {@link #DEFAULT_PERIOD 5 minutes}; see {@link #start(Duration)}. */
  public void start() {
    start(DEFAULT_PERIOD);
  }

  /**
   * Starts automatic reports, the first one {@code period} from now (a report at start would show
   * counters that have seen nothing yet). If reports are already scheduled, the schedule is
   * replaced by one with the new period, without a final report.
   *
   * @param period the time between two reports
   * @throws IllegalArgumentException if {@code period} is not positive
   * @throws IllegalStateException if the controller is closed
   * @throws NullPointerException if {@code period} is null
   */
  public synchronized void start(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the reporting period must be positive, got " + period);
    }
    ensureOpen();
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jcounters-reporting-" + THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true); // reporting must never keep a finished application alive
        synchronized (ReportingController.this) {
          reportingThread = thread;
        }
        return thread;
      });
    }
    if (schedule != null) {
      schedule.cancel(false);
    }
    long nanos = period.toNanos();
    schedule = executor.scheduleAtFixedRate(this::scheduledRound, nanos, nanos, TimeUnit.NANOSECONDS);
    this.period = period;
  }

  /** {@return whether automatic reports are scheduled} */
  public synchronized boolean isRunning() {
    return schedule != null;
  }

  /** {@return the period of the running schedule, or {@code null} when none runs} */
  public synchronized Duration period() {
    return schedule == null ? null : period;
  }

  /**
   * Stops automatic reports, waits (boundedly) for a round in progress, then makes one final report
   * on the calling thread so that the last values written are current. The reporting thread is
   * released. A no-op when no reports are scheduled. Reporter and source failures are logged.
   */
  public void stop() {
    if (!cancelSchedule()) {
      return;
    }
    finalRound(reporters);
  }

  /**
   * Hands {@code reporter} one final report, alone, then unregisters it; when no reporter is left,
   * the schedule stops (without another report). What {@link Reporter#stopAutoReport()} does on the
   * global controller. A no-op for a reporter that is not registered.
   *
   * @param reporter the reporter to hand its last report and remove
   */
  public void finalReportAndUnregister(Reporter reporter) {
    roundLock.lock();
    try {
      if (!reporters.contains(reporter)) {
        return;
      }
      finalRound(List.of(reporter));
      reporters.remove(reporter);
      if (reporters.isEmpty()) {
        cancelSchedule();
      }
    } finally {
      roundLock.unlock();
    }
  }

  /**
   * {@link #stop() Stops} (with its final report if reports were scheduled) and releases the
   * reporting thread for good: the controller can no longer report. Idempotent.
   */
  @Override
  public void close() {
    stop();
    synchronized (this) {
      closed = true;
    }
  }

  private void scheduledRound() {
    try {
      round(reporters, false);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable unexpected) {
      // round() already isolates the source and each reporter; this only keeps the schedule alive.
      LOG.error("unexpected failure in a scheduled report; later rounds go on", unexpected);
    }
  }

  private void finalRound(Collection<Reporter> targets) {
    try {
      round(targets, false);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable unexpected) {
      LOG.error("unexpected failure in the final report", unexpected);
    }
  }

  /** Cancels the schedule and releases its thread; returns false if nothing was scheduled. */
  private boolean cancelSchedule() {
    ScheduledExecutorService stopped;
    boolean onReportingThread;
    synchronized (this) {
      if (schedule == null) {
        return false;
      }
      schedule.cancel(false);
      schedule = null;
      stopped = executor;
      executor = null;
      onReportingThread = Thread.currentThread() == reportingThread;
      reportingThread = null;
    }
    stopped.shutdown();
    // A reporter may stop the controller from inside a round: never wait for ourselves.
    if (!onReportingThread && !roundLock.isHeldByCurrentThread()) {
      try {
        if (!stopped.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("a scheduled report still runs after {} s; making the final report anyway", STOP_WAIT_SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }

  /** One round: collect once, hand the same report to every target, isolate each failure. */
  private Report round(Collection<Reporter> targets, boolean throwSourceFailure) {
    roundLock.lock();
    try {
      Report report;
      try {
        report = source.collect();
      } catch (RuntimeException | Error failure) {
        rethrowIfFatal(failure);
        if (throwSourceFailure) {
          throw failure;
        }
        LOG.error("the report source failed: no report this round", failure);
        return null;
      } catch (Exception failure) {
        if (failure instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (throwSourceFailure) {
          throw new IllegalStateException("the report source failed: " + failure, failure);
        }
        LOG.error("the report source failed: no report this round", failure);
        return null;
      }
      if (report == null) {
        return null; // e.g. a multi-process node that is not the leader: outputs nothing
      }
      boolean interrupted = false;
      for (Reporter reporter : targets) {
        interrupted |= deliver(reporter, report);
      }
      if (interrupted) {
        // Restored only after the round: an interrupt flag set earlier would make the next
        // reporter's channel I/O fail with ClosedByInterruptException.
        Thread.currentThread().interrupt();
      }
      return report;
    } finally {
      roundLock.unlock();
    }
  }

  /** Calls one reporter, logging whatever it throws short of a VirtualMachineError; returns whether it was interrupted. */
  private static boolean deliver(Reporter reporter, Report report) {
    try {
      reporter.report(report);
      return false;
    } catch (Throwable failure) {
      rethrowIfFatal(failure);
      LOG.error("reporter {} failed; the other reporters and later rounds go on", reporter, failure);
      return failure instanceof InterruptedException;
    }
  }

  private static void rethrowIfFatal(Throwable failure) {
    if (failure instanceof VirtualMachineError) {
      throw (VirtualMachineError) failure;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this reporting controller is closed");
    }
  }
}
