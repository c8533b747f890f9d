package org.jcounters.internal.core;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns event names to dense {@code int} ids, once: the same name always gets the same id, ids
 * count up from 0. Thread-safe; {@link #id(String)} is lock-free once a name is known.
 *
 * <p>The number of names is bounded (the hot path keeps one flag per id): interning more than
 * {@link #capacity()} names fails with a clear error rather than growing without bound.
 *
 * <p>So is each name's length, {@link #MAX_NAME_CHARS}: the one limit every output takes its own from
 * (the multi-process wire and the JSON report reader), so that a name the engine accepts can always be
 * carried, merged, written and read back. {@link #requireValidName} enforces it where the user names a
 * counter or an event, so an over-long name fails there, not later on another process.
 */
public final class EventNames {
  /**
   * Longest counter or event name, in {@code char}s. Far beyond any useful name (PyCounters' are a
   * few dozen), small enough that a report of many counters stays well within a wire frame.
   */
  public static final int MAX_NAME_CHARS = 4096;
  /** {@link #MAX_NAME_CHARS} in UTF-8 bytes at worst (3 per {@code char}): the bound byte-based parsers need. */
  public static final int MAX_NAME_UTF8_BYTES = 3 * MAX_NAME_CHARS;

  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  private final int capacity;
  private volatile String[] names = new String[16];
  private volatile int size;

  public EventNames(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("the number of event names must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The id of {@code name}, interning it on first use. */
  public int id(String name) {
    Integer id = ids.get(requireValidName(name, "event name"));
    return id != null ? id : intern(name);
  }

  /** The id of {@code name}, or -1 if it was never interned. */
  public int idIfPresent(String name) {
    Integer id = ids.get(requireValidName(name, "event name"));
    return id != null ? id : -1;
  }

  /** The name interned as {@code id}. */
  public String name(int id) {
    String[] snapshot = names;
    if (id < 0 || id >= size || id >= snapshot.length) {
      throw new IllegalArgumentException("unknown event id " + id + ": ids come from id(String), there are " + size);
    }
    return snapshot[id];
  }

  /** How many names have been interned; valid ids are {@code 0 .. size() - 1}. */
  public int size() {
    return size;
  }

  /** The most names this table holds. */
  public int capacity() {
    return capacity;
  }

  private synchronized int intern(String name) {
    Integer existing = ids.get(name);
    if (existing != null) {
      return existing;
    }
    int id = size;
    if (id >= capacity) {
      throw new IllegalStateException(
          "too many event names: the limit is " + capacity + " (raise it with the engine's maxEventNames); cannot intern '" + name + "'");
    }
    String[] current = names;
    if (id == current.length) {
      current = Arrays.copyOf(current, Math.min(capacity, current.length * 2));
    }
    current[id] = name;
    names = current;
    size = id + 1;
    ids.put(name, id);
    return id;
  }

  /** Rejects null, empty and over-long ({@link #MAX_NAME_CHARS}) names with a message saying which name was wrong. */
  public static String requireValidName(String name, String what) {
    if (name == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(what + " is " + name.length() + " chars long, the limit is " + MAX_NAME_CHARS
          + " (so that every report output can carry it): '" + name.substring(0, 40) + "...'");
    }
    return name;
  }
}
