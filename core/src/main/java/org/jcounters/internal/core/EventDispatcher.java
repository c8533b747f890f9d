package org.jcounters.internal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventFamily;
import org.jcounters.core.EventSink;
import org.jcounters.core.FoldedEvents;
import org.jcounters.core.LabelSet;
import org.jcounters.core.Snapshot;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.EventNames;

/**
 * Routes events by id to the counters listening to them and collects counter values.
 * Single-threaded: it belongs to whichever thread drains the rings (the drainer) and must only be
 * called from there.
 *
 * <p><b>Blocks.</b> A block's duration is measured on the thread that ran it and arrives here as
 * one {@link #timing}: an occurrence and a timing for each listener. Listeners that
 * {@linkplain Counter#followsThreads() follow threads} get the raw {@link #start} and {@link #end}
 * of each block instead, with the thread's id.
 *
 * <p>Registration ({@link #add}, {@link #remove}) is not thread-safe either: the engine hands
 * registrations to the drainer as commands, so that counters stay single-writer state. Names are
 * the engine's to keep unique: a counter added under the name of one still here replaces it in
 * {@link #values}, and {@link #remove} takes a counter, not a name, so that the removal of a former
 * counter of that name never removes its successor.
 *
 * <p><b>Families.</b> A label set's id ({@link EventFamilies}) is routed to the counters listening to
 * its family's name and to those registered on that one label set. A family counter that makes series
 * ({@link Counter#newSeries()}) gets one counter per label set, made here on the first event of the
 * label set that reaches it, and reports a {@link CounterValue.Labelled}; one that makes none hears
 * every label set as its own name. Routes are resolved once per label set and registration change.
 */
public final class EventDispatcher {
  /** Raised events may trigger raised events; a cycle among counters must not overflow the stack. */
  private static final int MAX_RAISE_DEPTH = 8;
  /** The counters' callbacks are protected: the engine reaches them through this. */
  private static final CounterAccess ACCESS = CounterAccess.get();

  /** {@link #listening} bit: some listener takes blocks as durations (and values, occurrences). */
  public static final int TAKES_DURATIONS = 1;
  /** {@link #listening} bit: some listener follows threads (raw starts and ends). */
  public static final int FOLLOWS_THREADS = 2;

  private static final Listener[] NO_LISTENERS = {};

  private final EventNames names;
  private final EventFamilies families;
  /** The first label set id: ids from here on are routed through {@link #labelListeners}. */
  private final int labelBase;
  private final Map<String, Counter> counters = new LinkedHashMap<>();
  private Listener[][] listenersById = new Listener[64][];
  /** Counters registered on one label set, by its id: few, hence a map. */
  private final Map<Integer, Listener[]> exactListeners = new HashMap<>();
  /** Each family counter's series, by counter identity. */
  private final Map<Counter, FamilySeries> series = new IdentityHashMap<>();
  /** Resolved listeners per label set (index = id - labelBase), valid while their generation is current. */
  private Route[] routes = new Route[64];
  private int generation;
  private int raiseDepth;
  private long counterFailures;
  private CounterFailureHandler failureHandler = (counter, event, failure) -> {};
  private long raisedDropped;

  /** A dispatcher of named events only. */
  public EventDispatcher(EventNames names) {
    this(names, null);
  }

  /** A dispatcher of named events and of the label sets of {@code families} (may be null). */
  public EventDispatcher(EventNames names, EventFamilies families) {
    this.names = Objects.requireNonNull(names, "names");
    this.families = families;
    this.labelBase = families == null ? Integer.MAX_VALUE : families.base();
  }

  /**
   * The id of an event a counter lists: a label set's if {@code name} is the
   * {@linkplain LabelSet#name() name} of one interned through {@link EventFamily#labelSet(String...)},
   * otherwise the name's (interned).
   */
  public int eventId(String name) {
    LabelSet set = families == null ? null : families.labelSetNamed(name);
    return set != null ? set.id() : names.id(name);
  }

  /** As {@link #eventId}, without interning: -1 for a name never interned. */
  public int eventIdIfPresent(String name) {
    LabelSet set = families == null ? null : families.labelSetNamed(name);
    return set != null ? set.id() : names.idIfPresent(name);
  }

  /** The family whose name is {@code name}, or null. */
  public EventFamily family(String name) {
    return families == null ? null : families.family(name);
  }

  /** The name table this dispatcher resolves counters' event names in. */
  public EventNames names() {
    return names;
  }

  /** Starts feeding {@code counter} the events it listens to (see the class comment on names). */
  public void add(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    Counter former = counters.put(counter.name(), counter);
    if (former != null && former != counter) {
      unhook(former);
    }
    List<String> events = counter.events();
    boolean follows = ACCESS.followsThreads(counter);
    for (int i = 0; i < events.size(); i++) {
      int id = eventId(events.get(i));
      Listener listener = new Listener(counter, i, follows);
      if (id >= labelBase) {
        exactListeners.merge(id, new Listener[] {listener}, EventDispatcher::concat);
        continue;
      }
      ensureCapacity(id);
      Listener[] current = listenersById[id] == null ? NO_LISTENERS : listenersById[id];
      listenersById[id] = concat(current, new Listener[] {listener});
    }
    generation++;
    ACCESS.attach(counter, new RaisingSink());
  }

  /** Stops feeding {@code counter}; returns whether it was registered here. */
  public boolean remove(Counter counter) {
    if (counters.get(counter.name()) != counter) {
      return false;
    }
    counters.remove(counter.name());
    unhook(counter);
    return true;
  }

  private void unhook(Counter counter) {
    for (String event : counter.events()) {
      int id = eventIdIfPresent(event);
      if (id >= labelBase) {
        Listener[] kept = without(exactListeners.get(id), counter);
        if (kept == null) {
          exactListeners.remove(id);
        } else {
          exactListeners.put(id, kept);
        }
      } else if (id >= 0 && id < listenersById.length) {
        listenersById[id] = without(listenersById[id], counter);
      }
    }
    series.remove(counter);
    generation++;
    ACCESS.attach(counter, EventSink.NONE);
  }

  private static Listener[] without(Listener[] current, Counter counter) {
    if (current == null) {
      return null;
    }
    Listener[] kept = Arrays.stream(current).filter(l -> l.counter != counter).toArray(Listener[]::new);
    return kept.length == 0 ? null : kept;
  }

  private static Listener[] concat(Listener[] a, Listener[] b) {
    Listener[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Whether any registered counter listens to event {@code id}. */
  public boolean hasListeners(int id) {
    return id >= 0 && id < listenersById.length && listenersById[id] != null;
  }

  /** How event {@code id} is listened to: {@link #TAKES_DURATIONS} and/or {@link #FOLLOWS_THREADS}, 0 if not at all. */
  public int listening(int id) {
    int bits = 0;
    if (id >= labelBase) { // a label set: its family's listeners and its own
      LabelSet set = families.labelSet(id);
      bits = set == null ? 0 : listening(set.family().nameId());
      for (Listener l : exactListeners.getOrDefault(id, NO_LISTENERS)) {
        bits |= l.follows ? FOLLOWS_THREADS : TAKES_DURATIONS;
      }
      return bits;
    }
    for (Listener l : listeners(id)) {
      bits |= l.follows ? FOLLOWS_THREADS : TAKES_DURATIONS;
    }
    return bits;
  }

  /** Every registered counter, in registration order. */
  public java.util.Collection<Counter> counters() {
    return java.util.Collections.unmodifiableCollection(counters.values());
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
    counters.forEach((name, counter) -> {
      FamilySeries labelled = series.get(counter);
      values.put(name, labelled != null && !labelled.isEmpty() ? labelled.value(nowNanos)
          : CounterValue.WithSinceStart.of(Objects.requireNonNull(counter.value(nowNanos), name), counter.sinceStart(nowNanos)));
    });
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

  private void failed(Counter counter, int id, Throwable e) {
    counterFailures++;
    try {
      failureHandler.failed(counter, eventName(id), e);
    } catch (RuntimeException ignored) {
      // a failing failure handler must not stop the dispatch either
    }
  }

  /** Told when a counter throws from a callback; runs on the dispatching thread. */
  @FunctionalInterface
  public interface CounterFailureHandler {
    void failed(Counter counter, String eventName, Throwable failure);
  }

  /** Raised events dropped because counters raised events in a cycle deeper than the limit. */
  public long raisedDropped() {
    return raisedDropped;
  }

  // A counter that throws, even an Error (an OutOfMemoryError, a StackOverflowError), misses that
  // event; the others get it and the drainer goes on. Hence the catch of Throwable in each loop.

  /** A value event; returns false if nobody listens to {@code id}. */
  public boolean value(int id, long value, long nowNanos) {
    Listener[] listeners = listeners(id);
    for (Listener l : listeners) {
      try {
        ACCESS.onValue(l.counter, l.event, value, nowNanos);
      } catch (Throwable e) {
        failed(l.counter, id, e);
      }
    }
    return listeners.length != 0;
  }

  /** An occurrence; returns false if nobody listens to {@code id}. */
  public boolean occurrence(int id, long nowNanos) {
    Listener[] listeners = listeners(id);
    for (Listener l : listeners) {
      try {
        ACCESS.onOccurrence(l.counter, l.event, nowNanos);
      } catch (Throwable e) {
        failed(l.counter, id, e);
      }
    }
    return listeners.length != 0;
  }

  /**
   * A block of {@code durationNanos} measured by the thread that ran it: an occurrence and a timing
   * for every listener but those that follow threads (they had its start and end). Returns false
   * if nobody listens to {@code id}.
   */
  public boolean timing(int id, long durationNanos, long nowNanos) {
    Listener[] listeners = listeners(id);
    for (Listener l : listeners) {
      if (!l.follows) {
        deliverTiming(l, id, durationNanos, nowNanos);
      }
    }
    return listeners.length != 0;
  }

  /** The raw start of a block on thread {@code thread}, for listeners that follow threads. */
  public boolean start(int id, long thread, long nanoTime) {
    Listener[] listeners = listeners(id);
    for (Listener l : listeners) {
      if (l.follows) {
        try {
          ACCESS.onStart(l.counter, l.event, thread, nanoTime);
        } catch (Throwable e) {
          failed(l.counter, id, e);
        }
      }
    }
    return listeners.length != 0;
  }

  /** The raw end of a block on thread {@code thread}, for listeners that follow threads. */
  public boolean end(int id, long thread, long nanoTime) {
    Listener[] listeners = listeners(id);
    for (Listener l : listeners) {
      if (l.follows) {
        try {
          ACCESS.onEnd(l.counter, l.event, thread, nanoTime);
        } catch (Throwable e) {
          failed(l.counter, id, e);
        }
      }
    }
    return listeners.length != 0;
  }

  /** Value events folded by the producers (see {@link FoldedEvents}). */
  public void values(int id, FoldedEvents values, long nowNanos) {
    for (Listener l : listeners(id)) {
      try {
        ACCESS.onValues(l.counter, l.event, values, nowNanos);
      } catch (Throwable e) {
        failed(l.counter, id, e);
      }
    }
  }

  /** {@code count} occurrences folded by the producers. */
  public void occurrences(int id, long count, long nowNanos) {
    for (Listener l : listeners(id)) {
      try {
        ACCESS.onOccurrences(l.counter, l.event, count, nowNanos);
      } catch (Throwable e) {
        failed(l.counter, id, e);
      }
    }
  }

  /** Block durations folded by the producers: occurrences and timings, as {@link #timing} delivers them. */
  public void timings(int id, FoldedEvents durations, long nowNanos) {
    for (Listener l : listeners(id)) {
      if (!l.follows) {
        try {
          ACCESS.onOccurrences(l.counter, l.event, durations.count(), nowNanos);
          ACCESS.onTimings(l.counter, l.event, durations, nowNanos);
        } catch (Throwable e) {
          failed(l.counter, id, e);
        }
      }
    }
  }

  /** The thread of id {@code thread} has ended: counters forget what they kept for it. */
  public void threadEnded(long thread) {
    for (Counter counter : counters.values()) {
      try {
        ACCESS.onThreadEnded(counter, thread);
      } catch (Throwable e) {
        counterFailures++;
      }
    }
  }

  private void deliverTiming(Listener l, int id, long durationNanos, long nowNanos) {
    try {
      ACCESS.onOccurrence(l.counter, l.event, nowNanos);
      ACCESS.onTiming(l.counter, l.event, durationNanos, nowNanos);
    } catch (Throwable e) {
      failed(l.counter, id, e);
    }
  }

  /** The name of event {@code id}, a label set's included, for messages. */
  private String eventName(int id) {
    if (id >= labelBase) {
      LabelSet set = families.labelSet(id);
      return set == null ? "label set #" + id : set.name();
    }
    return names.name(id);
  }

  private Listener[] listeners(int id) {
    if (id >= labelBase) {
      return labelListeners(id);
    }
    // An id never interned (idIfPresent's -1) has no listeners rather than failing the drainer.
    Listener[] listeners = id >= 0 && id < listenersById.length ? listenersById[id] : null;
    return listeners == null ? NO_LISTENERS : listeners;
  }

  private Listener[] labelListeners(int id) {
    int index = id - labelBase;
    Route route = index < routes.length ? routes[index] : null;
    return route != null && route.generation == generation ? route.listeners : route(index, id);
  }

  /**
   * Resolves who hears label set {@code id}: each listener of its family's name through that
   * counter's series for it (made now, on this thread, if new), then the counters registered on it.
   */
  private Listener[] route(int index, int id) {
    LabelSet set = families.labelSet(id);
    if (set == null) {
      return NO_LISTENERS;
    }
    List<Listener> resolved = new ArrayList<>();
    for (Listener l : listeners(set.family().nameId())) {
      resolved.add(new Listener(seriesOf(l.counter, set), l.event, l.follows));
    }
    resolved.addAll(Arrays.asList(exactListeners.getOrDefault(id, NO_LISTENERS)));
    Listener[] listeners = resolved.isEmpty() ? NO_LISTENERS : resolved.toArray(Listener[]::new);
    if (index >= routes.length) {
      routes = Arrays.copyOf(routes, Math.max(index + 1, routes.length * 2));
    }
    routes[index] = new Route(listeners, generation);
    return listeners;
  }

  /** The counter that takes {@code set}'s events for family counter {@code counter}. */
  private Counter seriesOf(Counter counter, LabelSet set) {
    FamilySeries labelled = series.get(counter);
    if (labelled == null) {
      labelled = new FamilySeries(counter, set.family());
      series.put(counter, labelled);
    }
    // A counter listening to two families keeps series of the first only; the other's label sets are its name's.
    return labelled.family() == set.family() ? labelled.of(set) : counter;
  }

  /** The listeners of one label set, resolved for one generation of registrations. */
  private record Route(Listener[] listeners, int generation) {}

  private void ensureCapacity(int id) {
    if (id >= listenersById.length) {
      listenersById = Arrays.copyOf(listenersById, Math.max(id + 1, listenersById.length * 2));
    }
  }

  /** One counter's subscription to one event id: which counter, the event's index in its list, whether it follows threads. */
  private record Listener(Counter counter, int event, boolean follows) {}

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

    /** A raised block has no start: every listener, those following threads included, takes it as a timing. */
    @Override
    public void timing(String eventName, long durationNanos, long nowNanos) {
      int id = raisableId(eventName);
      if (id >= 0) {
        raiseDepth++;
        try {
          for (Listener l : listeners(id)) {
            deliverTiming(l, id, durationNanos, nowNanos);
          }
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
}
