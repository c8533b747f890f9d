package org.jcounters.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Routes events by id to the counters listening to them, pairs each thread's starts with its ends,
 * and collects counter values. Single-threaded: it belongs to whichever thread drains the rings
 * (the drainer) and must only be called from there.
 *
 * <p>Registration ({@link #add}, {@link #remove}) is not thread-safe either: the engine hands
 * registrations to the drainer as commands, so that counters stay single-writer state.
 */
public final class EventDispatcher {
  /** Raised events may trigger raised events; a cycle among counters must not overflow the stack. */
  private static final int MAX_RAISE_DEPTH = 8;
  /** Starts kept per thread and event before the oldest unmatched ones are forgotten. */
  static final int MAX_OPEN_STARTS = 1024;

  private static final Listener[] NO_LISTENERS = {};

  private final EventNames names;
  private final Map<String, Counter> counters = new LinkedHashMap<>();
  private Listener[][] listenersById = new Listener[64][];
  private int raiseDepth;
  private long counterFailures;
  private CounterFailureHandler failureHandler = (counter, event, failure) -> {};
  private long raisedDropped;

  public EventDispatcher(EventNames names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /** The name table this dispatcher resolves counters' event names in. */
  public EventNames names() {
    return names;
  }

  /**
   * Starts feeding {@code counter} the events it listens to.
   *
   * @throws IllegalArgumentException if a counter of that name is already registered
   */
  public void add(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    if (counters.putIfAbsent(counter.name(), counter) != null) {
      throw new IllegalArgumentException("a counter named '" + counter.name() + "' is already registered");
    }
    List<String> events = counter.events();
    for (int i = 0; i < events.size(); i++) {
      int id = names.id(events.get(i));
      ensureCapacity(id);
      Listener[] current = listenersById[id] == null ? NO_LISTENERS : listenersById[id];
      Listener[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = new Listener(counter, i);
      listenersById[id] = grown;
    }
    counter.attach(new RaisingSink());
  }

  /** Stops feeding the named counter; returns it, or null if none had that name. */
  public Counter remove(String counterName) {
    Counter counter = counters.remove(counterName);
    if (counter == null) {
      return null;
    }
    for (String event : counter.events()) {
      int id = names.idIfPresent(event);
      Listener[] current = listenersById[id];
      Listener[] kept = Arrays.stream(current).filter(l -> l.counter != counter).toArray(Listener[]::new);
      listenersById[id] = kept.length == 0 ? null : kept;
    }
    counter.attach(EventSink.NONE);
    return counter;
  }

  /** Whether any registered counter listens to event {@code id}. */
  public boolean hasListeners(int id) {
    return id >= 0 && id < listenersById.length && listenersById[id] != null;
  }

  /** The registered counter of that name, or null. */
  public Counter counter(String counterName) {
    return counters.get(counterName);
  }

  /**
   * Every counter's value at {@code nowNanos}, by counter name in registration order; a counter with
   * {@linkplain Counter#sinceStart since-start} figures gives a {@link CounterValue.WithSinceStart},
   * which {@link Snapshot} splits into its values and its since-start figures.
   */
  public Map<String, CounterValue> values(long nowNanos) {
    Map<String, CounterValue> values = new LinkedHashMap<>();
    counters.forEach((name, counter) -> values.put(name,
        CounterValue.WithSinceStart.of(Objects.requireNonNull(counter.value(nowNanos), name), counter.sinceStart(nowNanos))));
    return values;
  }

  /**
   * What to do when a counter throws: by default nothing beyond counting it. A failing counter
   * misses that event; the other counters listening to it still get it.
   */
  public void onCounterFailure(CounterFailureHandler handler) {
    this.failureHandler = Objects.requireNonNull(handler, "handler");
  }

  /** How many times counters have thrown from a callback. */
  public long counterFailures() {
    return counterFailures;
  }

  private void failed(Counter counter, int id, RuntimeException e) {
    counterFailures++;
    try {
      failureHandler.failed(counter, names.name(id), e);
    } catch (RuntimeException ignored) {
      // a failing failure handler must not stop the dispatch either
    }
  }

  /** Told when a counter throws from a callback; runs on the dispatching thread. */
  @FunctionalInterface
  public interface CounterFailureHandler {
    void failed(Counter counter, String eventName, RuntimeException failure);
  }

  /** Raised events dropped because counters raised events in a cycle deeper than the limit. */
  public long raisedDropped() {
    return raisedDropped;
  }

  public void value(int id, long value, long nowNanos) {
    for (Listener l : listeners(id)) {
      try {
        l.counter.onValue(l.event, value, nowNanos);
      } catch (RuntimeException e) {
        failed(l.counter, id, e);
      }
    }
  }

  public void occurrence(int id, long nowNanos) {
    for (Listener l : listeners(id)) {
      try {
        l.counter.onOccurrence(l.event, nowNanos);
      } catch (RuntimeException e) {
        failed(l.counter, id, e);
      }
    }
  }

  public void start(int id, Source source, long nanoTime, long nowNanos) {
    Listener[] listeners = listeners(id);
    if (listeners.length == 0) {
      return;
    }
    source.pushStart(id, nanoTime);
    for (Listener l : listeners) {
      try {
        l.counter.onStart(l.event, source.key, nanoTime);
      } catch (RuntimeException e) {
        failed(l.counter, id, e);
      }
    }
  }

  public void end(int id, Source source, long nanoTime, long nowNanos) {
    Listener[] listeners = listeners(id);
    if (listeners.length == 0) {
      return;
    }
    long startNanos = source.popStart(id);
    for (Listener l : listeners) {
      try {
        l.counter.onEnd(l.event, source.key, nanoTime);
        l.counter.onOccurrence(l.event, nowNanos);
        if (startNanos != Source.NO_START) {
          l.counter.onTiming(l.event, Math.max(0, nanoTime - startNanos), nowNanos);
        }
      } catch (RuntimeException e) {
        failed(l.counter, id, e);
      }
    }
  }

  /** A block of {@code durationNanos} that already ended: an occurrence and a timing, without a start to pair. */
  public void timing(int id, long durationNanos, long nowNanos) {
    for (Listener l : listeners(id)) {
      try {
        l.counter.onOccurrence(l.event, nowNanos);
        l.counter.onTiming(l.event, durationNanos, nowNanos);
      } catch (RuntimeException e) {
        failed(l.counter, id, e);
      }
    }
  }

  /** A new producer thread's pairing state, under a key unique among live sources. */
  public Source newSource(long key) {
    return new Source(key);
  }

  /** The thread behind {@code source} has ended: its open starts are forgotten, counters are told. */
  public void closeSource(Source source) {
    source.clear();
    for (Counter counter : counters.values()) {
      counter.onSourceClosed(source.key);
    }
  }

  private Listener[] listeners(int id) {
    // An id never interned (idIfPresent's -1) has no listeners rather than failing the drainer.
    Listener[] listeners = id >= 0 && id < listenersById.length ? listenersById[id] : null;
    return listeners == null ? NO_LISTENERS : listeners;
  }

  private void ensureCapacity(int id) {
    if (id >= listenersById.length) {
      listenersById = Arrays.copyOf(listenersById, Math.max(id + 1, listenersById.length * 2));
    }
  }

  /** One counter's subscription to one event id: which counter, and the event's index in its list. */
  private record Listener(Counter counter, int event) {}

  /** Raises counters' own events straight into this dispatcher, guarding against cycles. */
  private final class RaisingSink implements EventSink {
    @Override
    public void value(String eventName, long value, long nowNanos) {
      int id = raisableId(eventName);
      if (id >= 0) {
        raiseDepth++;
        try {
          EventDispatcher.this.value(id, value, nowNanos);
        } finally {
          raiseDepth--;
        }
      }
    }

    @Override
    public void timing(String eventName, long durationNanos, long nowNanos) {
      int id = raisableId(eventName);
      if (id >= 0) {
        raiseDepth++;
        try {
          EventDispatcher.this.timing(id, durationNanos, nowNanos);
        } finally {
          raiseDepth--;
        }
      }
    }

    /** The id to raise {@code eventName} under, or -1 if nobody listens or the raise is too deep. */
    private int raisableId(String eventName) {
      int id = names.idIfPresent(eventName);
      if (id < 0 || !hasListeners(id)) {
        return -1;
      }
      if (raiseDepth >= MAX_RAISE_DEPTH) {
        raisedDropped++;
        return -1;
      }
      return id;
    }
  }

  /**
   * One producer thread's open starts, so that each end is matched with the latest unmatched start
   * of the same event on the same thread (nesting and recursion pair correctly). Memory is bounded:
   * at most {@value EventDispatcher#MAX_OPEN_STARTS} open starts per event are kept.
   */
  public static final class Source {
    static final long NO_START = Long.MIN_VALUE;

    private final long key;
    private final Int2ObjectHashMap<LongArrayList> openStarts = new Int2ObjectHashMap<>();

    private Source(long key) {
      this.key = key;
    }

    /** The key counters see as {@code source} for this thread. */
    public long key() {
      return key;
    }

    void pushStart(int id, long nanoTime) {
      LongArrayList starts = openStarts.get(id);
      if (starts == null) {
        starts = new LongArrayList();
        openStarts.put(id, starts);
      }
      if (starts.size() >= MAX_OPEN_STARTS) {
        starts.removeAt(0); // an unmatched start from long ago: keep the memory bounded
      }
      starts.addLong(nanoTime);
    }

    long popStart(int id) {
      LongArrayList starts = openStarts.get(id);
      if (starts == null || starts.isEmpty()) {
        return NO_START;
      }
      return starts.removeAt(starts.size() - 1);
    }

    void clear() {
      openStarts.clear();
    }

    /** Open starts kept, over all events (for tests and diagnostics). */
    public int openStarts() {
      List<LongArrayList> lists = new ArrayList<>(openStarts.values());
      return lists.stream().mapToInt(LongArrayList::size).sum();
    }
  }
}
