package org.jcounters;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;

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
  private final ShortcutPath path;

  EngineShortcuts(JCounters engine, ShortcutPath path) {
    this.engine = engine;
    this.path = path;
  }

  /** What these shortcuts do, for {@code Shortcuts}' statics (the default engine's). */
  ShortcutPath path() {
    return path;
  }


  // ------------------------------------------------------------------ time

  /**
   * Starts timing a block as event {@code name}; close the scope to end it. Default counter: {@link AverageTimeCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope time(String name) {
    return path.time(name);
  }

  /**
   * {@link #time(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope timeWith(String name, Function<String, ? extends Counter> defaultCounter) {
    return path.time(name, defaultCounter);
  }

  /**
   * Runs {@code block} timed as event {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the block ended all the same
   */
  public void time(String name, Runnable block) {
    path.time(name).run(block);
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
    return path.time(name).get(block);
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
    return path.time(name).call(block);
  }

  // ------------------------------------------------------------------ frequency

  /**
   * Counts one occurrence of {@code name} when the scope closes. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope frequency(String name) {
    return path.frequency(name);
  }

  /**
   * {@link #frequency(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public Shortcuts.Scope frequencyWith(String name, Function<String, ? extends Counter> defaultCounter) {
    return path.frequency(name, defaultCounter);
  }

  /**
   * Runs {@code block} and counts one occurrence of {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the occurrence counted all the same
   */
  public void frequency(String name, Runnable block) {
    path.frequency(name).run(block);
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
    return path.frequency(name).get(block);
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
    return path.frequency(name).call(block);
  }

  // ------------------------------------------------------------------ single events

  /**
   * Reports one occurrence of {@code name}. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public void occurrence(String name) {
    path.occurrence(name);
  }

  /**
   * {@link #occurrence(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void occurrence(String name, Function<String, ? extends Counter> defaultCounter) {
    path.occurrence(name, defaultCounter);
  }

  /**
   * Counts one more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public void count(String name) {
    path.count(name, 1);
  }

  /**
   * Counts {@code n} more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   */
  public void count(String name, long n) {
    path.count(name, n);
  }

  /**
   * {@link #count(String, long)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void count(String name, long n, Function<String, ? extends Counter> defaultCounter) {
    path.value(name, n, defaultCounter);
  }

  /**
   * Reports a value of {@code name}. Default counter: {@link AverageWindowCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   */
  public void value(String name, long value) {
    path.value(name, value);
  }

  /**
   * {@link #value(String, long)} with another default counter (e.g. {@code TotalCounter::new}).
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public void value(String name, long value, Function<String, ? extends Counter> defaultCounter) {
    path.value(name, value, defaultCounter);
  }

  @Override
  public String toString() {
    return "EngineShortcuts[" + engine + "]";
  }
}
