package org.jcounters.core;

import java.util.List;
import java.util.Objects;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;

/**
 * A counter listens to events by name and analyses them. It reports under its own name and, unless
 * given a list of event names, listens to the events of its own name.
 *
 * <p><b>Threading.</b> Every callback and {@link #value(long)} run on one thread at a time: the
 * drainer that owns the {@link EventDispatcher} the counter is registered with. Counters therefore
 * keep plain, unsynchronized state. They must not block and should not allocate per event.
 *
 * <p><b>Events.</b> In each callback {@code event} is the index of the event's name in
 * {@link #events()}, so a counter listening to several names can tell them apart cheaply. Times are
 * nanoseconds of the engine's {@link Clock}; {@code nowNanos} is when the drainer processed the
 * event (the same for a whole batch), {@code nanoTime} is when the producer reported a start or end.
 * <ul>
 *   <li>{@link #onValue}: a value event.</li>
 *   <li>{@link #onOccurrence}: an occurrence, or the end of a block (every end is also an occurrence).</li>
 *   <li>{@link #onTiming}: the end of a block matched with its start on the same thread.</li>
 *   <li>{@link #onStart}, {@link #onEnd}: the raw start and end, with the thread ({@code threadId}, its
 *       thread id) that reported them, only for counters whose {@link #followsThreads()} is true (a
 *       {@code ThreadTimeCategorizer}); those get no {@link #onTiming} for the blocks they follow.</li>
 *   <li>{@link #onValues}, {@link #onOccurrences}, {@link #onTimings}: many events folded into one
 *       summary by the producers while the drainer was behind (see {@link FoldedEvents}). By default
 *       they replay the summary through the single-event callbacks; the built-in counters fold it in O(1).</li>
 * </ul>
 * A block's duration is measured on the thread that ran it, so {@link #onTiming} is all most
 * counters need of blocks.
 */
public abstract class Counter {
  private final String name;
  private final List<String> events;
  private EventSink sink = EventSink.NONE;

  static {
    CounterAccess.register(new Access());
  }

  /**
   * A counter listening to the events of its own name.
   *
   * @param name the name it reports under and listens to; unique within a registry
   * @throws IllegalArgumentException if {@code name} is null, empty or longer than 4096 {@code char}s
   */
  protected Counter(String name) {
    this(name, List.of(EventNames.requireValidName(name, "counter name")));
  }

  /**
   * A counter listening to the given event names (at least one).
   *
   * @param name the name it reports under; unique within a registry
   * @param events the event names it listens to, in the order that gives each its {@code event} index
   *     in the callbacks; copied
   * @throws IllegalArgumentException if {@code name} or an event name is null, empty or longer than
   *     4096 {@code char}s, or if {@code events} is empty or lists a name twice
   * @throws NullPointerException if {@code events} is null
   */
  protected Counter(String name, List<String> events) {
    this.name = EventNames.requireValidName(name, "counter name");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("counter '" + name + "' must listen to at least one event name");
    }
    for (String event : events) {
      EventNames.requireValidName(event, "event name of counter '" + name + "'");
    }
    if (events.stream().distinct().count() != events.size()) {
      throw new IllegalArgumentException("counter '" + name + "' lists an event name twice: " + events);
    }
    this.events = List.copyOf(events);
  }

  /** {@return the name this counter reports under; unique within a registry} */
  public final String name() {
    return name;
  }

  /** {@return the event names this counter listens to, immutable; an event's index in it is its {@code event} in the callbacks} */
  public final List<String> events() {
    return events;
  }

  /**
   * A value event. Does nothing by default.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param value the reported value, in the user's unit
   * @param nowNanos when the drainer processed the event, in nanoseconds of the engine's {@link Clock}
   */
  protected void onValue(int event, long value, long nowNanos) {}

  /**
   * An occurrence, or the end of a block. Does nothing by default.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param nowNanos when the drainer processed the event, in nanoseconds of the engine's {@link Clock}
   */
  protected void onOccurrence(int event, long nowNanos) {}

  /**
   * The end of a block whose start was reported on the same thread, {@code durationNanos} later. Does
   * nothing by default.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param durationNanos the block's duration in nanoseconds, measured on the thread that ran it
   * @param nowNanos when the drainer processed the event, in nanoseconds of the engine's {@link Clock}
   */
  protected void onTiming(int event, long durationNanos, long nowNanos) {}

  /**
   * Value events folded while the drainer was behind: by default replayed one by one (see {@link FoldedEvents#replay}).
   *
   * @param event the index of the event's name in {@link #events()}
   * @param values their summary; reused by the drainer, so read it during the call and do not keep it
   * @param nowNanos when the drainer processed the fold, in nanoseconds of the engine's {@link Clock}
   */
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    values.replay(value -> onValue(event, value, nowNanos));
  }

  /**
   * {@code count} occurrences (or ends of blocks) folded while the drainer was behind: by default replayed one by one.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param count how many occurrences were folded, at least 1
   * @param nowNanos when the drainer processed the fold, in nanoseconds of the engine's {@link Clock}
   */
  protected void onOccurrences(int event, long count, long nowNanos) {
    for (long i = 0; i < count; i++) {
      onOccurrence(event, nowNanos);
    }
  }

  /**
   * Block durations folded while the drainer was behind; their occurrences come separately through
   * {@link #onOccurrences}. By default replayed one by one.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param durations the summary of their durations in nanoseconds; reused by the drainer, so read it
   *     during the call and do not keep it
   * @param nowNanos when the drainer processed the fold, in nanoseconds of the engine's {@link Clock}
   */
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    durations.replay(duration -> onTiming(event, duration, nowNanos));
  }

  /**
   * Whether this counter follows each thread's blocks through {@link #onStart} and {@link #onEnd}
   * (which costs the producers a record per start and per end) instead of taking their durations.
   *
   * @return false by default; true to get {@link #onStart} and {@link #onEnd} and no {@link #onTiming}
   */
  protected boolean followsThreads() {
    return false;
  }

  /**
   * The raw start of a block on thread {@code threadId}; only if {@link #followsThreads()}. Does nothing
   * by default.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param threadId the low 34 bits of the id ({@link Thread#getId()}) of the thread that started the block
   * @param nanoTime when that thread started it, in nanoseconds of the engine's {@link Clock}
   */
  protected void onStart(int event, long threadId, long nanoTime) {}

  /**
   * The raw end of a block on thread {@code threadId}; only if {@link #followsThreads()}. Does nothing
   * by default.
   *
   * @param event the index of the event's name in {@link #events()}
   * @param threadId the low 34 bits of the id ({@link Thread#getId()}) of the thread that ended the block
   * @param nanoTime when that thread ended it, in nanoseconds of the engine's {@link Clock}
   */
  protected void onEnd(int event, long threadId, long nanoTime) {}

  /**
   * Thread {@code threadId} (a thread id) has ended: forget whatever was kept for it. Not every thread's end is told.
   *
   * @param threadId the low 34 bits of the id ({@link Thread#getId()}) of the thread that ended
   */
  protected void onThreadEnded(long threadId) {}

  /**
   * This counter's value at {@code nowNanos}, or {@link CounterValue#empty()} if it has no data.
   *
   * @param nowNanos the time of the value, in nanoseconds of the engine's {@link Clock}: windowed
   *     counters expire what is older than their window
   * @return the value, never null
   */
  public abstract CounterValue value(long nowNanos);

  /**
   * What this counter has counted since it started, for exporters whose series must never go down
   * (Prometheus counters and histograms); {@code null} if it counts nothing such (a window's
   * maximum), {@code null} or {@link CounterValue#empty()} if it has seen nothing yet. Windowed counters keep these figures apart from their window,
   * so they survive its expiry. By kind: a {@link CounterValue.LongSum} is a count or total, a
   * {@link CounterValue.DoubleSum} seconds, an {@link CounterValue.Accumulated} totals by key, a
   * {@link CounterValue.CountAndSum} an average's count and sum, a {@link CounterValue.Distribution}
   * every value's histogram. Called where {@link #value} is, on the dispatcher's thread.
   *
   * @param nowNanos the time of the figures, in nanoseconds of the engine's {@link Clock}
   * @return the figures since the start, or {@code null} (the default) if the counter keeps none
   */
  public CounterValue sinceStart(long nowNanos) {
    return null;
  }

  /**
   * A new counter configured as this one (same name, events and settings) with no data: the
   * counter a family counter keeps for each label set. Called on the drainer thread when a label
   * set's first event reaches this counter, never on a reporting thread; the new counter is fed by
   * the drainer like this one, and is never registered itself.
   *
   * <p>By default {@code null}: this counter keeps one value for every label set together, as if
   * they were its own name's events. The built-in counters that analyse values and blocks make series;
   * {@code ValueAccumulator} and {@code ThreadTimeCategorizer}, which raise events, do not.
   *
   * @return a fresh counter of the same class and settings, or {@code null} for one value over all label sets
   */
  protected Counter newSeries() {
    return null;
  }

  /**
   * The most label sets this counter keeps a value for, when registered on a family; beyond them,
   * label sets are counted in the family's overflow series. {@value #DEFAULT_MAX_SERIES} by default;
   * a percentile counter, whose windows take hundreds of KiB per series, keeps fewer.
   *
   * @return the most label sets given a series of their own (below 1 counts as 1)
   */
  protected int maxSeries() {
    return DEFAULT_MAX_SERIES;
  }

  /** The default of {@link #maxSeries()}. */
  public static final int DEFAULT_MAX_SERIES = 1_000;

  /**
   * Where this counter may raise events of its own (re-raised sums, category times); a no-op until registered.
   *
   * @return the sink, never null; to be used from the callbacks only, on the drainer thread
   */
  protected final EventSink sink() {
    return sink;
  }

  final void attach(EventSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** The engine's access to the callbacks above; see {@link CounterAccess}. */
  private static final class Access extends CounterAccess {
    @Override
    public Counter newSeries(Counter counter) {
      return counter.newSeries();
    }

    @Override
    public int maxSeries(Counter counter) {
      return counter.maxSeries();
    }

    @Override
    public void onValue(Counter counter, int event, long value, long nowNanos) {
      counter.onValue(event, value, nowNanos);
    }

    @Override
    public void onOccurrence(Counter counter, int event, long nowNanos) {
      counter.onOccurrence(event, nowNanos);
    }

    @Override
    public void onTiming(Counter counter, int event, long durationNanos, long nowNanos) {
      counter.onTiming(event, durationNanos, nowNanos);
    }

    @Override
    public void onValues(Counter counter, int event, FoldedEvents values, long nowNanos) {
      counter.onValues(event, values, nowNanos);
    }

    @Override
    public void onOccurrences(Counter counter, int event, long count, long nowNanos) {
      counter.onOccurrences(event, count, nowNanos);
    }

    @Override
    public void onTimings(Counter counter, int event, FoldedEvents durations, long nowNanos) {
      counter.onTimings(event, durations, nowNanos);
    }

    @Override
    public boolean followsThreads(Counter counter) {
      return counter.followsThreads();
    }

    @Override
    public void onStart(Counter counter, int event, long threadId, long nanoTime) {
      counter.onStart(event, threadId, nanoTime);
    }

    @Override
    public void onEnd(Counter counter, int event, long threadId, long nanoTime) {
      counter.onEnd(event, threadId, nanoTime);
    }

    @Override
    public void onThreadEnded(Counter counter, long threadId) {
      counter.onThreadEnded(threadId);
    }

    @Override
    public void attach(Counter counter, EventSink sink) {
      counter.attach(sink);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + (events.equals(List.of(name)) ? "" : " <- " + events) + "]";
  }
}
