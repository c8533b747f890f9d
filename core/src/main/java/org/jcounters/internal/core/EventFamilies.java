package org.jcounters.internal.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jcounters.core.EventFamily;
import org.jcounters.core.LabelSet;

/**
 * An engine's {@link EventFamily families} and the id range their label sets take: ids
 * {@code base .. base + capacity - 1}, above every event name's id, so that names keep their own
 * bound and label sets theirs ({@code maxLabelSets}). Ids are issued once and never reused.
 * Internal: the engine makes one, users see only its families.
 *
 * <p>Thread-safe. {@link #labelSet(int)} is a volatile array read, for the drainer's dispatch.
 */
public final class EventFamilies {
  /** The most label sets over every family unless told otherwise. */
  public static final int DEFAULT_MAX_LABEL_SETS = 100_000;

  private static final System.Logger LOG = System.getLogger(EventFamilies.class.getName());
  private static final EventFamilyAccess ACCESS = EventFamilyAccess.get();

  private final int base;
  private final int capacity;
  private final IssueHook hook;
  private final AtomicReferenceArray<LabelSet> byIndex;
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, EventFamily> families = new ConcurrentHashMap<>();
  private final Map<String, LabelSet> byName = new ConcurrentHashMap<>();
  private final AtomicBoolean fullLogged = new AtomicBoolean();

  /** Told of every label set issued, under its family's lock, before any caller can see its id. */
  @FunctionalInterface
  public interface IssueHook {
    /**
     * Called once per label set, before its id is visible to lookups.
     *
     * @param set the new label set
     */
    void issued(LabelSet set);
  }

  /**
   * A registry of no family yet.
   *
   * @param base the first label set id (the engine's bound on names)
   * @param capacity the most label sets over every family
   * @param hook sets each new label set's listening flag
   * @throws IllegalArgumentException if {@code base} or {@code capacity} is negative
   */
  public EventFamilies(int base, int capacity, IssueHook hook) {
    if (base < 0 || capacity < 0) {
      throw new IllegalArgumentException("label set ids need a base and a capacity >= 0, got " + base + " and " + capacity);
    }
    this.base = base;
    this.capacity = capacity;
    this.hook = Objects.requireNonNull(hook, "hook");
    this.byIndex = new AtomicReferenceArray<>(capacity);
  }

  /**
   * The family {@code name} with these label names, made on first call; later calls with the same
   * label names return the same family (the first call's {@code maxLabelSets} holds).
   *
   * @param name the family's event name
   * @param nameId the id of {@code name} as an event name
   * @param maxLabelSets the most label sets this family interns, if it is made by this call
   * @param labelNames the label names, in order
   * @return the family of that name
   * @throws IllegalArgumentException if the label names are invalid ({@link LabelKeys#requireValidLabelNames})
   *     or differ from those the family was made with
   * @throws IllegalStateException if every label set id is taken (the family needs one for its overflow)
   */
  public EventFamily family(String name, int nameId, int maxLabelSets, String... labelNames) {
    EventNames.requireValidName(name, "family name");
    List<String> labels = LabelKeys.requireValidLabelNames(name, labelNames);
    if (maxLabelSets <= 0) {
      throw new IllegalArgumentException("family '" + name + "': the most label sets must be positive, got " + maxLabelSets);
    }
    EventFamily family = families.get(name);
    if (family == null) {
      family = families.computeIfAbsent(name, n -> ACCESS.newFamily(this, n, nameId, labels, maxLabelSets));
    }
    if (!family.labelNames().equals(labels)) {
      throw new IllegalArgumentException("family '" + name + "' was made with labels " + family.labelNames()
          + ", it cannot also have labels " + labels + ": one name, one set of label names");
    }
    return family;
  }

  /**
   * The family of that name, if made.
   *
   * @param name a family's event name
   * @return the family, or null if none of that name was made
   */
  public EventFamily family(String name) {
    return families.get(name);
  }

  /**
   * Whether {@code id} is in the label sets' range.
   *
   * @param id an event id
   * @return true if {@code id} is at or above {@link #base()}
   */
  public boolean isLabelSetId(int id) {
    return id >= base;
  }

  /**
   * The first label set id.
   *
   * @return the engine's bound on event names
   */
  public int base() {
    return base;
  }

  /**
   * The most label sets over every family.
   *
   * @return the engine's {@code maxLabelSets}
   */
  public int capacity() {
    return capacity;
  }

  /**
   * How many label set ids were issued.
   *
   * @return 0 to {@link #capacity()}
   */
  public int issued() {
    return Math.min(issued.get(), capacity);
  }

  /**
   * The label set of an id.
   *
   * @param id an event id
   * @return the label set of that id, or null if none was issued
   */
  public LabelSet labelSet(int id) {
    int index = id - base;
    return index >= 0 && index < capacity ? byIndex.get(index) : null;
  }

  /**
   * The label set whose {@linkplain LabelSet#name() name} is {@code name}, if it was interned
   * through {@link EventFamily#labelSet(String...)}: how a counter names one label set.
   *
   * @param name a label set's full name, {@code http_requests{method="GET"}}
   * @return that label set, or null
   */
  public LabelSet labelSetNamed(String name) {
    return byName.get(name);
  }

  // The rest is for EventFamily alone, which interns label sets under its own lock.

  /**
   * A new label set id; once every one is taken, logs it once.
   *
   * @return the id, or -1 when every one is taken
   */
  public int issue() {
    int index = issued.getAndIncrement();
    if (index >= capacity) {
      issued.set(capacity); // no wrap-around however many attempts
      if (fullLogged.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "all {0} label set ids are taken (the engine''s maxLabelSets): new label sets of every "
            + "family are counted in their family''s overflow label set from now on", capacity);
      }
      return -1;
    }
    return base + index;
  }

  /**
   * Makes a new label set findable by its id ({@link #labelSet(int)}).
   *
   * @param set a label set of an id from {@link #issue()}
   */
  public void publish(LabelSet set) {
    byIndex.set(set.id() - base, set);
  }

  /**
   * Tells the engine's hook of a new label set, before any caller can see its id.
   *
   * @param set the new label set
   */
  public void issued(LabelSet set) {
    hook.issued(set);
  }

  /**
   * Makes a label set findable by its name ({@link #labelSetNamed(String)}).
   *
   * @param set a published label set
   * @return {@code set}
   */
  public LabelSet named(LabelSet set) {
    byName.putIfAbsent(set.name(), set);
    return set;
  }
}
