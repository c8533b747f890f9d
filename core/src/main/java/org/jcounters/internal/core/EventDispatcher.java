package org.jcounters.internal.core;

import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.EventSink;
import org.jcounters.core.FoldedEvents;
import org.jcounters.core.Snapshot;
import org.jcounters.internal.core.CounterAccess;
import org.jcounters.internal.core.EventNames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
      int id = names.id(events.get(i));
      ensureCapacity(id);
      Listener[] current = listenersById[id] == null ? NO_LISTENERS : listenersById[id];
      Listener[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = new Listener(counter, i, follows);
      listenersById[id] = grown;
    }
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
      int id = names.idIfPresent(event);
      Listener[] current = id >= 0 && id < listenersById.length ? listenersById[id] : null;
      if (current != null) {
        Listener[] kept = Arrays.stream(current).filter(l -> l.counter != counter).toArray(Listener[]::new);
        listenersById[id] = kept.length == 0 ? null : kept;
      }
    }
    ACCESS.attach(counter, EventSink.NONE);
  }

  /** Whether any registered counter listens to event {@code id}. */
  public boolean hasListeners(int id) {
    return id >= 0 && id < listenersById.length && listenersById[id] != null;
  }

  /** How event {@code id} is listened to: {@link #TAKES_DURATIONS} and/or {@link #FOLLOWS_THREADS}, 0 if not at all. */
  public int listening(int id) {
    int bits = 0;
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

  private void failed(Counter counter, int id, Throwable e) {
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
        ACCESS.onSourceClosed(counter, thread);
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
