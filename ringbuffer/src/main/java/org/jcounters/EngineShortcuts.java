package org.jcounters;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.internal.ring.RingPlacement;

/**
 * {@link Shortcuts} on one engine: the same methods, reporting to and registering default counters on
 * the engine that {@link JCounters#shortcuts()} was called on, so that code instrumented with
 * shortcuts can be tested with an engine of its own (an injected {@link org.jcounters.core.Clock}).
 * {@code Shortcuts}' static methods are those of the {@linkplain JCounters#defaultInstance() default
 * engine}'s. See {@link Shortcuts} for what each does and costs. Thread-safe.
 *
 * <pre>{@code
 * EngineShortcuts shortcuts = engine.shortcuts();
 * try (Shortcuts.Scope t = shortcuts.time("requests_time")) {
 *   handle(request);
 * }
 * }</pre>
 */
public final class EngineShortcuts {
  private final JCounters engine;

  EngineShortcuts(JCounters engine) {
    this.engine = engine;
  }


  // ------------------------------------------------------------------ time

  /**
   * Starts timing a block as event {@code name}; close the scope to end it. Default counter: {@link AverageTimeCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope time(String name) {
    return timeWith(name, AverageTimeCounter::new);
  }

  /**
   * {@link #time(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope timeWith(String name, Function<String, ? extends Counter> defaultCounter) {
    Shortcuts.Scope scope = engine.timingScope(name);
    scope.ensureCounter(defaultCounter);
    if (RingPlacement.isVirtual(Thread.currentThread())) {
      // A scope of its own carries the start: a virtual thread then needs no thread-local, which
      // would cost it a map and a stack (~250 bytes) for its one block.
      return new Shortcuts.Scope(scope, scope.path.startBlock(scope.id));
    }
    scope.path.start(scope.id);
    return scope;
  }

  /**
   * Runs {@code block} timed as event {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the block ended all the same
   */
  public void time(String name, Runnable block) {
    Shortcuts.Scope scope = time(name);
    try {
      block.run();
    } finally {
      scope.close();
    }
  }

  /**
   * Runs {@code block} timed as event {@code name} and returns its result.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the block ended all the same
   * @return what {@code block} returned
   */
  public <T> T time(String name, Supplier<T> block) {
    Shortcuts.Scope scope = time(name);
    try {
      return block.get();
    } finally {
      scope.close();
    }
  }

  /**
   * Runs {@code block} timed as event {@code name}, returning its result or passing its exception on.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run
   * @return what {@code block} returned
   * @throws Exception whatever {@code block} throws, once the block is ended
   */
  public <T> T timeCall(String name, Callable<T> block) throws Exception {
    Shortcuts.Scope scope = time(name);
    try {
      return block.call();
    } finally {
      scope.close();
    }
  }

  // ------------------------------------------------------------------ frequency

  /**
   * Counts one occurrence of {@code name} when the scope closes. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope frequency(String name) {
    return frequencyWith(name, FrequencyCounter::new);
  }

  /**
   * {@link #frequency(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope frequencyWith(String name, Function<String, ? extends Counter> defaultCounter) {
    Shortcuts.Scope scope = engine.occurrenceScope(name);
    scope.ensureCounter(defaultCounter);
    return scope;
  }

  /**
   * Runs {@code block} and counts one occurrence of {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the occurrence counted all the same
   */
  public void frequency(String name, Runnable block) {
    Shortcuts.Scope scope = frequency(name);
    try {
      block.run();
    } finally {
      scope.close();
    }
  }

  /**
   * Runs {@code block}, counts one occurrence of {@code name}, and returns the block's result.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the occurrence counted all the same
   * @return what {@code block} returned
   */
  public <T> T frequency(String name, Supplier<T> block) {
    Shortcuts.Scope scope = frequency(name);
    try {
      return block.get();
    } finally {
      scope.close();
    }
  }

  /**
   * Runs {@code block}, counts one occurrence of {@code name}, and returns its result or passes its exception on.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run
   * @return what {@code block} returned
   * @throws Exception whatever {@code block} throws, once the occurrence is counted
   */
  public <T> T frequencyCall(String name, Callable<T> block) throws Exception {
    Shortcuts.Scope scope = frequency(name);
    try {
      return block.call();
    } finally {
      scope.close();
    }
  }

  // ------------------------------------------------------------------ single events

  /**
   * Reports one occurrence of {@code name}. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public void occurrence(String name) {
    occurrence(name, FrequencyCounter::new);
  }

  /**
   * {@link #occurrence(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void occurrence(String name, Function<String, ? extends Counter> defaultCounter) {
    engine.occurrence(frequencyWith(name, defaultCounter).id);
  }

  /**
   * Counts one more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public void count(String name) {
    count(name, 1);
  }

  /**
   * Counts {@code n} more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   */
  public void count(String name, long n) {
    count(name, n, EventCounter::new);
  }

  /**
   * {@link #count(String, long)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void count(String name, long n, Function<String, ? extends Counter> defaultCounter) {
    value(name, n, defaultCounter);
  }

  /**
   * Reports a value of {@code name}. Default counter: {@link AverageWindowCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   */
  public void value(String name, long value) {
    value(name, value, AverageWindowCounter::new);
  }

  /**
   * {@link #value(String, long)} with another default counter (e.g. {@code TotalCounter::new}).
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void value(String name, long value, Function<String, ? extends Counter> defaultCounter) {
    engine.value(frequencyWith(name, defaultCounter).id, value);
  }

  @Override
  public String toString() {
    return "EngineShortcuts[" + engine + "]";
  }
}
