package org.jcounters;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.internal.ring.EventPath;

/**
 * PyCounters' shortcuts: each reports an event <em>and</em> registers a default counter of the
 * event's name on the {@linkplain JCounters#defaultInstance() default engine} if no counter of that
 * name exists yet. The default counters: {@code time} → {@link AverageTimeCounter}, {@code frequency}
 * and {@code occurrence} → {@link FrequencyCounter}, {@code count} → {@link EventCounter},
 * {@code value} → {@link AverageWindowCounter}. Every shortcut has an overload taking the counter
 * factory to use instead (PyCounters' {@code auto_add_counter}). The default counter is registered
 * with {@link JCounters#registerDefault}: the call never waits for the drainer and never throws
 * because of another thread's registration, and the application's own {@code register} of that name
 * later replaces it.
 *
 * <pre>{@code
 * try (Shortcuts.Scope t = Shortcuts.time("requests_time");
 *      Shortcuts.Scope f = Shortcuts.frequency("requests_frequency")) {
 *   handle(request);
 * }
 * String reply = Shortcuts.time("render_time", () -> render(page));
 * Shortcuts.value("requests_data_len", data.length);
 * }</pre>
 *
 * <p>On a platform thread a scope allocates nothing after its name's first use: one scope object per
 * name is shared by all threads, since start and end pair up per thread anyway. On a virtual thread
 * a timed scope is a small object of its own that carries its start, so that the virtual thread
 * needs no thread-local. {@code frequency} reports one
 * occurrence when the block ends and reads no clock. Each call checks that the default counter is
 * still registered (a lookup only after some counter was unregistered), so unregistering it and
 * calling again registers a fresh one.
 */
public final class Shortcuts {
  private Shortcuts() {}

  /** The default engine's shortcuts, in a static final: a constant to the JIT with all they hold (see {@link ShortcutPath}). */
  private static final class DefaultPath {
    static final ShortcutPath PATH = JCounters.defaultInstance().shortcuts().path();
  }

  // ------------------------------------------------------------------ time

  /**
   * Starts timing a block as event {@code name}; close the scope to end it. Default counter: {@link AverageTimeCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public static Scope time(String name) {
    return DefaultPath.PATH.time(name);
  }

  /**
   * {@link #time(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public static Scope timeWith(String name, Function<String, ? extends Counter> defaultCounter) {
    return DefaultPath.PATH.time(name, defaultCounter);
  }

  /**
   * Runs {@code block} timed as event {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the block ended all the same
   */
  public static void time(String name, Runnable block) {
    DefaultPath.PATH.time(name).run(block);
  }

  /**
   * Runs {@code block} timed as event {@code name} and returns its result.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the block ended all the same
   * @return what {@code block} returned
   */
  public static <T> T time(String name, Supplier<T> block) {
    return DefaultPath.PATH.time(name).get(block);
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
  public static <T> T timeCall(String name, Callable<T> block) throws Exception {
    return DefaultPath.PATH.time(name).call(block);
  }

  // ------------------------------------------------------------------ frequency

  /**
   * Counts one occurrence of {@code name} when the scope closes. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public static Scope frequency(String name) {
    return DefaultPath.PATH.frequency(name);
  }

  /**
   * {@link #frequency(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   * @return the open scope; close it on this thread, best with try-with-resources
   */
  public static Scope frequencyWith(String name, Function<String, ? extends Counter> defaultCounter) {
    return DefaultPath.PATH.frequency(name, defaultCounter);
  }

  /**
   * Runs {@code block} and counts one occurrence of {@code name}.
   *
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the occurrence counted all the same
   */
  public static void frequency(String name, Runnable block) {
    DefaultPath.PATH.frequency(name).run(block);
  }

  /**
   * Runs {@code block}, counts one occurrence of {@code name}, and returns the block's result.
   *
   * @param <T> the type of the block's result
   * @param name the event's name, also the name of the default counter
   * @param block the code to run; its exceptions pass on, the occurrence counted all the same
   * @return what {@code block} returned
   */
  public static <T> T frequency(String name, Supplier<T> block) {
    return DefaultPath.PATH.frequency(name).get(block);
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
  public static <T> T frequencyCall(String name, Callable<T> block) throws Exception {
    return DefaultPath.PATH.frequency(name).call(block);
  }

  // ------------------------------------------------------------------ single events

  /**
   * Reports one occurrence of {@code name}. Default counter: {@link FrequencyCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public static void occurrence(String name) {
    DefaultPath.PATH.occurrence(name);
  }

  /**
   * {@link #occurrence(String)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public static void occurrence(String name, Function<String, ? extends Counter> defaultCounter) {
    DefaultPath.PATH.occurrence(name, defaultCounter);
  }

  /**
   * Counts one more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   */
  public static void count(String name) {
    DefaultPath.PATH.count(name, 1);
  }

  /**
   * Counts {@code n} more {@code name}. Default counter: {@link EventCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   */
  public static void count(String name, long n) {
    DefaultPath.PATH.count(name, n);
  }

  /**
   * {@link #count(String, long)} with another default counter.
   *
   * @param name the event's name, also the name of the default counter
   * @param n how many to add (a value event of {@code n})
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public static void count(String name, long n, Function<String, ? extends Counter> defaultCounter) {
    DefaultPath.PATH.value(name, n, defaultCounter);
  }

  /**
   * Reports a value of {@code name}. Default counter: {@link AverageWindowCounter}.
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   */
  public static void value(String name, long value) {
    DefaultPath.PATH.value(name, value);
  }

  /**
   * {@link #value(String, long)} with another default counter (e.g. {@code TotalCounter::new}).
   *
   * @param name the event's name, also the name of the default counter
   * @param value the value, in the unit of the counters listening
   * @param defaultCounter makes the counter to register from the event's name when none of that name is registered
   */
  public static void value(String name, long value, Function<String, ? extends Counter> defaultCounter) {
    DefaultPath.PATH.value(name, value, defaultCounter);
  }

  /**
   * A block being measured; closing it reports its end. On a platform thread one instance per event
   * name is shared by all threads (the end pairs with the calling thread's own start, kept with the
   * thread), so opening one allocates nothing; on a virtual thread each timed scope is an object of
   * its own (40 bytes) carrying its start. Close it on the thread that opened it.
   */
  public static final class Scope implements AutoCloseable {
    final JCounters engine;
    final String name;
    final int id;
    private final boolean timed;
    /** Whether this is a virtual thread's scope of one block, which carries its start. */
    private final boolean ownBlock;
    /** That block's start ({@link EventPath#NO_START} if nobody listened when it started). */
    private final long startNanos;
    /**
     * The engine's unregistration count when a counter of this name was last seen registered: while
     * it has not changed, the counter is still there and the lookup is skipped. Written by any
     * thread, racily but harmlessly: a stale value only costs one more lookup.
     */
    private int checkedAt = -1;

    Scope(JCounters engine, String name, int id, boolean timed) {
      this.engine = engine;
      this.name = name;
      this.id = id;
      this.timed = timed;
      this.ownBlock = false;
      this.startNanos = EventPath.NO_START;
    }

    /** A timed scope of one block started at {@code startNanos} ({@link EventPath#NO_START} if nobody listened). */
    Scope(Scope shared, long startNanos) {
      this.engine = shared.engine;
      this.name = shared.name;
      this.id = shared.id;
      this.timed = true;
      this.ownBlock = true;
      this.startNanos = startNanos;
      this.checkedAt = shared.checkedAt;
    }

    /**
     * Registers {@code defaultCounter}'s counter for this scope's name unless a counter of that name is
     * registered, without waiting for the drainer and without ever throwing because another thread
     * registers or unregisters that name at the same moment.
     */
    void ensureCounter(Function<String, ? extends Counter> defaultCounter) {
      int unregistrations = engine.unregistrations();
      if (checkedAt != unregistrations) {
        if (engine.counter(name) == null) {
          engine.registerDefault(defaultCounter.apply(name));
        }
        checkedAt = unregistrations;
      }
    }

    /** Runs {@code block} in this scope, then closes it (its exceptions pass on, the scope closed all the same). */
    void run(Runnable block) {
      try {
        block.run();
      } finally {
        close();
      }
    }

    /** Runs {@code block} in this scope, then closes it, returning what the block returned. */
    <T> T get(Supplier<T> block) {
      try {
        return block.get();
      } finally {
        close();
      }
    }

    /** Calls {@code block} in this scope, then closes it, returning its result or passing its exception on. */
    <T> T call(Callable<T> block) throws Exception {
      try {
        return block.call();
      } finally {
        close();
      }
    }

    /** Reports the end of the block (a timed scope) or its occurrence (a frequency scope). */
    @Override
    public void close() {
      // The id was issued by the engine for this scope's name: the path's "unknown id" answer cannot come.
      EventPath path = engine.eventPath();
      if (ownBlock) {
        path.endBlock(id, startNanos);
      } else if (timed) {
        path.end(id);
      } else {
        path.occurrence(id);
      }
    }
  }
}
