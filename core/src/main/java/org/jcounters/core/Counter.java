package org.jcounters.core;

import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.EventNames;
import java.util.List;
import java.util.Objects;

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

  /** A counter listening to the events of its own name. */
  protected Counter(String name) {
    this(name, List.of(EventNames.requireValidName(name, "counter name")));
  }

  /** A counter listening to the given event names (at least one). */
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

  /** The name this counter reports under; unique within a registry. */
  public final String name() {
    return name;
  }

  /** The event names this counter listens to. */
  public final List<String> events() {
    return events;
  }

  /** A value event. */
  protected void onValue(int event, long value, long nowNanos) {}

  /** An occurrence, or the end of a block. */
  protected void onOccurrence(int event, long nowNanos) {}

  /** The end of a block whose start was reported on the same thread, {@code durationNanos} later. */
  protected void onTiming(int event, long durationNanos, long nowNanos) {}

  /** Value events folded while the drainer was behind: by default replayed one by one (see {@link FoldedEvents#replay}). */
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    values.replay(value -> onValue(event, value, nowNanos));
  }

  /** {@code count} occurrences (or ends of blocks) folded while the drainer was behind: by default replayed one by one. */
  protected void onOccurrences(int event, long count, long nowNanos) {
    for (long i = 0; i < count; i++) {
      onOccurrence(event, nowNanos);
    }
  }

  /**
   * Block durations folded while the drainer was behind; their occurrences come separately through
   * {@link #onOccurrences}. By default replayed one by one.
   */
  protected void onTimings(int event, FoldedEvents durations, long nowNanos) {
    durations.replay(duration -> onTiming(event, duration, nowNanos));
  }

  /**
   * Whether this counter follows each thread's blocks through {@link #onStart} and {@link #onEnd}
   * (which costs the producers a record per start and per end) instead of taking their durations.
   */
  protected boolean followsThreads() {
    return false;
  }

  /** The raw start of a block on thread {@code threadId}. */
  protected void onStart(int event, long threadId, long nanoTime) {}

  /** The raw end of a block on thread {@code threadId}. */
  protected void onEnd(int event, long threadId, long nanoTime) {}

  /** Thread {@code threadId} (a thread id) has ended: forget whatever was kept for it. Not every thread's end is told. */
  protected void onThreadEnded(long threadId) {}

  /** This counter's value at {@code nowNanos}, or {@link CounterValue#empty()} if it has no data. */
  public abstract CounterValue value(long nowNanos);

  /**
   * What this counter has counted since it started, for exporters whose series must never go down
   * (Prometheus counters and histograms); {@code null} if it counts nothing such (a window's
   * maximum), {@code null} or {@link CounterValue#empty()} if it has seen nothing yet. Windowed counters keep these figures apart from their window,
   * so they survive its expiry. By kind: a {@link CounterValue.LongSum} is a count or total, a
   * {@link CounterValue.DoubleSum} seconds, an {@link CounterValue.Accumulated} totals by key, a
   * {@link CounterValue.CountAndSum} an average's count and sum, a {@link CounterValue.Distribution}
   * every value's histogram. Called where {@link #value} is, on the dispatcher's thread.
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
   */
  protected Counter newSeries() {
    return null;
  }

  /**
   * The most label sets this counter keeps a value for, when registered on a family; beyond them,
   * label sets are counted in the family's overflow series. {@value #DEFAULT_MAX_SERIES} by default;
   * a percentile counter, whose windows take hundreds of KiB per series, keeps fewer.
   */
  protected int maxSeries() {
    return DEFAULT_MAX_SERIES;
  }

  /** The default of {@link #maxSeries()}. */
  public static final int DEFAULT_MAX_SERIES = 1_000;

  /** Where this counter may raise events of its own (re-raised sums, category times); a no-op until registered. */
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
