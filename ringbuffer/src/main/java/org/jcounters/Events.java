package org.jcounters;

import org.jcounters.internal.ring.EventPath;

/**
 * Reporting events from application code, on the process-wide {@linkplain JCounters#defaultInstance() default engine}.
 *
 * <pre>{@code
 * private static final int BYTES_IN = Events.id("bytes_in");   // once
 * ...
 * Events.value(BYTES_IN, buffer.remaining());                  // on the hot path
 * }</pre>
 *
 * <p>Report every event worth knowing and choose later what to analyse: an event no counter listens
 * to costs one flag read. A listened-to one is an 8-byte write into the calling thread's own ring (16 bytes
 * for a value beyond ±2<sup>36</sup>, or in a shared ring):
 * no lock, no allocation, never blocking under the default {@link FullRingPolicy#FOLD} (a full ring
 * folds the event into an overflow summary that the drainer counts on its next pass). The overloads
 * taking a {@code String} look the name up first and are slower: keep ids in constants on hot paths.
 * Callable from any thread.
 */
public final class Events {
  private Events() {}

  /** The default engine's hot path, in a static final: a constant to the JIT, with its flags and ring table (see {@link EventPath}). */
  private static final class DefaultPath {
    static final EventPath PATH = JCounters.defaultInstance().eventPath();
  }

  /**
   * The id of an event name, interned on first use; the same name always gets the same id.
   *
   * @param name the event name
   * @return its id, for the methods taking an {@code int}
   * @throws IllegalArgumentException if the name is null, empty or too long
   * @throws IllegalStateException if the engine's table of names is full
   */
  public static int id(String name) {
    return JCounters.defaultInstance().id(name);
  }

  /**
   * Reports a value event.
   *
   * @param id the event's id, from {@link #id(String)}
   * @param value the value
   */
  public static void value(int id, long value) {
    if (!DefaultPath.PATH.value(id, value)) {
      throw JCounters.defaultInstance().unknownId(id);
    }
  }

  /**
   * Reports an occurrence: counted by frequency and event counters.
   *
   * @param id the event's id, from {@link #id(String)}
   */
  public static void occurrence(int id) {
    if (!DefaultPath.PATH.occurrence(id)) {
      throw JCounters.defaultInstance().unknownId(id);
    }
  }

  /**
   * Reports a block that took {@code nanos} nanoseconds, measured by the caller: what an end paired
   * with its start reports (an occurrence and a duration), for timings taken elsewhere.
   *
   * @param id the event's id, from {@link #id(String)}
   * @param nanos how long the block took, in nanoseconds (a negative one counts as 0)
   */
  public static void durationNanos(int id, long nanos) {
    if (!DefaultPath.PATH.durationNanos(id, nanos)) {
      throw JCounters.defaultInstance().unknownId(id);
    }
  }

  /**
   * Reports the start of a block on the calling thread.
   *
   * @param id the event's id, from {@link #id(String)}
   */
  public static void start(int id) {
    if (!DefaultPath.PATH.start(id)) {
      throw JCounters.defaultInstance().unknownId(id);
    }
  }

  /**
   * Reports the end of a block on the calling thread, pairing with its latest unmatched start.
   *
   * @param id the event's id, from {@link #id(String)}
   */
  public static void end(int id) {
    if (!DefaultPath.PATH.end(id)) {
      throw JCounters.defaultInstance().unknownId(id);
    }
  }

  /**
   * {@link #value(int, long)} by name: slower, it looks the name up.
   *
   * @param name the event name
   * @param value the value
   */
  public static void value(String name, long value) {
    JCounters.defaultInstance().value(name, value);
  }

  /**
   * {@link #occurrence(int)} by name: slower, it looks the name up.
   *
   * @param name the event name
   */
  public static void occurrence(String name) {
    JCounters.defaultInstance().occurrence(name);
  }

  /**
   * {@link #start(int)} by name: slower, it looks the name up.
   *
   * @param name the event name
   */
  public static void start(String name) {
    JCounters.defaultInstance().start(name);
  }

  /**
   * {@link #end(int)} by name: slower, it looks the name up.
   *
   * @param name the event name
   */
  public static void end(String name) {
    JCounters.defaultInstance().end(name);
  }

  /**
   * The family of labelled events {@code name} with these label names, on the default engine (see
   * {@link JCounters#family(String, String...)}): made once, kept in a constant.
   *
   * <pre>{@code
   * static final EventFamily REQUESTS = Events.family("http_requests", "method", "status");
   * ...
   * Events.value(REQUESTS.id(method, status), 1);
   * }</pre>
   *
   * @param name the family's event name
   * @param labelNames its label names, in order
   * @return the family, the same one on every call with these label names
   * @throws IllegalArgumentException if the name or a label name is invalid, or the family exists with other label names
   * @throws IllegalStateException if every label set id of the engine is taken
   */
  public static org.jcounters.core.EventFamily family(String name, String... labelNames) {
    return JCounters.defaultInstance().family(name, labelNames);
  }
}
