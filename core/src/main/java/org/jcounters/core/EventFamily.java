package org.jcounters.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jcounters.internal.core.EventFamilies;
import org.jcounters.internal.core.EventFamilyAccess;
import org.jcounters.internal.core.EventNames;
import org.jcounters.internal.core.LabelKeys;

/**
 * A labelled event: a name and its label names, whose every label set (one value per label) is an
 * event id of its own. Made once, kept in a constant; the ids it gives are reported like any other:
 *
 * <pre>{@code
 * static final EventFamily REQUESTS = Events.family("http_requests", "method", "status");
 * ...
 * Events.value(REQUESTS.id(method, status), 1);      // as cheap as a plain id once the label set was seen
 * }</pre>
 *
 * <p><b>Cost.</b> {@link #id(String, String)} on a label set seen before is lock-free and allocation-free:
 * a hash of the values' {@code hashCode()}s (cached by {@code String}), one probe or a few of an
 * open-addressing table read with acquire loads, and an {@code equals} per value. There are fixed-arity
 * overloads for 1 to 3 labels; {@link #id(String...)} serves more (its array is the caller's). A label
 * set seen for the first time is interned under this family's lock (never waiting for the drainer):
 * it gets an id, a listening flag copied from the family's (so it is heard from its first event if the
 * family is), and a place in the table.
 *
 * <p><b>Bounded.</b> At most {@link #maxLabelSets()} label sets per family (default
 * {@value #DEFAULT_MAX_LABEL_SETS}) and the engine's own bound over every family. Beyond either, a new
 * label set is folded into the family's overflow label set, whose values are all
 * {@value #OVERFLOW_VALUE}: its events are counted there, {@link #foldedLookups()} counts the lookups so
 * folded, and one line is logged per family. So is a label set whose key would be longer than
 * {@link EventNames#MAX_NAME_CHARS}. No exception, no memory beyond the bound.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. {@code id} throws an
 * {@link IllegalArgumentException} if the number of values is not the number of labels, or a value is null.
 *
 * <p>Families are made by an engine ({@code JCounters.family}, {@code Events.family}), never directly.
 */
public final class EventFamily {
  /** The most label sets of one family unless told otherwise. */
  public static final int DEFAULT_MAX_LABEL_SETS = 1_000;
  /** The value of every label of a family's overflow label set. */
  public static final String OVERFLOW_VALUE = "__overflow__";

  private static final System.Logger LOG = System.getLogger(EventFamily.class.getName());
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(LabelSet[].class);

  static {
    // The engine's registry makes families through this, the constructor staying out of the API.
    EventFamilyAccess.register(new EventFamilyAccess() {
      @Override
      public EventFamily newFamily(EventFamilies registry, String name, int nameId, List<String> labelNames, int maxLabelSets) {
        return new EventFamily(registry, name, nameId, labelNames, maxLabelSets);
      }
    });
  }

  private final EventFamilies registry;
  private final String name;
  private final int nameId;
  private final List<String> labelNames;
  private final int arity;
  private final int maxLabelSets;
  private final LabelSet overflow;
  private final LongAdder folded = new LongAdder();
  private final AtomicBoolean overflowLogged = new AtomicBoolean();

  /** Open addressing, linear probing, at most half full; slots written with release under the lock, read with acquire. */
  private volatile LabelSet[] table = new LabelSet[16];
  /** Every label set in order of interning, for the drainer's flag updates; appended under the lock. */
  private volatile LabelSet[] members = new LabelSet[8];
  private volatile int size;
  /** Set once no label set may be added: lookups of unseen ones then fold without taking the lock. */
  private volatile boolean full;

  EventFamily(EventFamilies registry, String name, int nameId, List<String> labelNames, int maxLabelSets) {
    this.registry = registry;
    this.name = name;
    this.nameId = nameId;
    this.labelNames = labelNames;
    this.arity = labelNames.size();
    this.maxLabelSets = maxLabelSets;
    String[] values = new String[arity];
    Arrays.fill(values, OVERFLOW_VALUE);
    synchronized (this) {
      int id = registry.issue();
      if (id < 0) {
        throw new IllegalStateException("family '" + name + "' cannot be made: the engine's " + registry.capacity()
            + " label sets are all taken (raise the engine's maxLabelSets)");
      }
      this.overflow = add(id, values, hashOf(values), true);
    }
  }

  /**
   * The family's event name: counters registered on it hear every label set.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The event id of the family's name itself (the events reported without labels).
   *
   * @return the name's id
   */
  public int nameId() {
    return nameId;
  }

  /**
   * The label names, in order.
   *
   * @return an immutable list
   */
  public List<String> labelNames() {
    return labelNames;
  }

  /**
   * The most label sets this family interns (its overflow label set not included).
   *
   * @return the family's bound
   */
  public int maxLabelSets() {
    return maxLabelSets;
  }

  /**
   * How many lookups of new label sets were folded into the overflow label set so far.
   *
   * @return the count, which only grows
   */
  public long foldedLookups() {
    return folded.sum();
  }

  /**
   * The label set events beyond the bounds are folded into.
   *
   * @return the overflow label set, whose every value is {@value #OVERFLOW_VALUE}
   */
  public LabelSet overflow() {
    return overflow;
  }

  /**
   * How many label sets were interned, the overflow one included.
   *
   * @return at least 1
   */
  public int size() {
    return size;
  }

  /**
   * A label set by order of interning; the overflow one is the first.
   *
   * @param index {@code 0 .. size() - 1}
   * @return the {@code index}-th label set interned
   */
  public LabelSet labelSet(int index) {
    return members[index];
  }

  // ------------------------------------------------------------------ the hot path

  /**
   * The id of the label set {@code (a)}, interned if new.
   *
   * @param a the value of the one label
   * @return the label set's event id, or the overflow label set's beyond the bounds
   * @throws IllegalArgumentException if the family has not one label, or {@code a} is null
   */
  public int id(String a) {
    if (arity != 1) {
      throw wrongArity(1);
    }
    int hash = mix(31 + Objects.hashCode(a));
    LabelSet[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelSet set = (LabelSet) SLOT.getAcquire(t, i);
      if (set == null) {
        return intern(new String[] {a}, hash);
      }
      if (set.hash() == hash && set.matches(a)) {
        return set.id();
      }
    }
  }

  /**
   * The id of the label set {@code (a, b)}, interned if new.
   *
   * @param a the value of the first label
   * @param b the value of the second label
   * @return the label set's event id, or the overflow label set's beyond the bounds
   * @throws IllegalArgumentException if the family has not two labels, or a value is null
   */
  public int id(String a, String b) {
    if (arity != 2) {
      throw wrongArity(2);
    }
    int hash = mix(31 * (31 + Objects.hashCode(a)) + Objects.hashCode(b));
    LabelSet[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelSet set = (LabelSet) SLOT.getAcquire(t, i);
      if (set == null) {
        return intern(new String[] {a, b}, hash);
      }
      if (set.hash() == hash && set.matches(a, b)) {
        return set.id();
      }
    }
  }

  /**
   * The id of the label set {@code (a, b, c)}, interned if new.
   *
   * @param a the value of the first label
   * @param b the value of the second label
   * @param c the value of the third label
   * @return the label set's event id, or the overflow label set's beyond the bounds
   * @throws IllegalArgumentException if the family has not three labels, or a value is null
   */
  public int id(String a, String b, String c) {
    if (arity != 3) {
      throw wrongArity(3);
    }
    int hash = mix(31 * (31 * (31 + Objects.hashCode(a)) + Objects.hashCode(b)) + Objects.hashCode(c));
    LabelSet[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelSet set = (LabelSet) SLOT.getAcquire(t, i);
      if (set == null) {
        return intern(new String[] {a, b, c}, hash);
      }
      if (set.hash() == hash && set.matches(a, b, c)) {
        return set.id();
      }
    }
  }

  /**
   * The id of the label set of {@code values}, any number of labels, interned if new.
   *
   * @param values one value per label, in the order of {@link #labelNames()}; the array is not kept (it is copied)
   * @return the label set's event id, or the overflow label set's beyond the bounds
   * @throws IllegalArgumentException if there is not one value per label, or a value is null
   */
  public int id(String... values) {
    if (values == null || values.length != arity) {
      throw wrongArity(values == null ? 0 : values.length);
    }
    int hash = hashOf(values);
    LabelSet[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelSet set = (LabelSet) SLOT.getAcquire(t, i);
      if (set == null) {
        return intern(values.clone(), hash);
      }
      if (set.hash() == hash && set.matches(values)) {
        return set.id();
      }
    }
  }

  /**
   * The label set of {@code values}, interned if new (or the overflow one beyond the bounds): its
   * {@link LabelSet#name() name} is what a counter registered on that one label set lists.
   *
   * @param values one value per label, in the order of {@link #labelNames()}
   * @return the label set
   * @throws IllegalArgumentException if there is not one value per label, or a value is null
   */
  public LabelSet labelSet(String... values) {
    return registry.named(registry.labelSet(id(values)));
  }

  // ------------------------------------------------------------------ the slow path

  private static int hashOf(String[] values) {
    int h = 1;
    for (String value : values) {
      h = 31 * h + Objects.hashCode(value);
    }
    return mix(h);
  }

  /** Murmur3's finalizer: spreads String hashes (which differ little for "200", "201"...) over the table. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private IllegalArgumentException wrongArity(int given) {
    return new IllegalArgumentException("family '" + name + "' has " + arity + " labels " + labelNames + ", got " + given + " values");
  }

  private int intern(String[] values, int hash) {
    for (String value : values) {
      if (value == null) {
        throw new IllegalArgumentException("family '" + name + "': a label value is null in " + Arrays.toString(values));
      }
    }
    if (full) {
      return fold("the family's limit of " + maxLabelSets + " label sets is reached");
    }
    if (LabelKeys.format(labelNames, values).length() > EventNames.MAX_NAME_CHARS) {
      return fold("a label set's key is longer than " + EventNames.MAX_NAME_CHARS + " chars (what every report output can carry)");
    }
    synchronized (this) {
      LabelSet existing = find(values, hash);
      if (existing != null) {
        return existing.id();
      }
      if (size - 1 >= maxLabelSets) {
        full = true;
        return fold("the family's limit of " + maxLabelSets + " label sets is reached");
      }
      int id = registry.issue();
      if (id < 0) {
        full = true; // the engine's ids never come back
        return fold("the engine's limit of " + registry.capacity() + " label sets over every family is reached");
      }
      return add(id, values, hash, false).id();
    }
  }

  private int fold(String why) {
    folded.increment();
    if (!overflowLogged.get() && overflowLogged.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "family ''{0}'': {1}; such label sets are counted in the overflow label set {2} (logged once per family)",
          name, why, overflow == null ? "" : overflow.name());
    }
    return overflow.id();
  }

  /** Interns a label set: under the lock. The order matters: see the comments. */
  private LabelSet add(int id, String[] values, int hash, boolean isOverflow) {
    LabelSet set = new LabelSet(this, id, values, hash, isOverflow);
    // 1. Where the drainer finds it: by id (dispatch), in members (flag updates).
    registry.publish(set);
    LabelSet[] m = members;
    int n = size;
    if (n == m.length) {
      m = Arrays.copyOf(m, n * 2);
    }
    m[n] = set;
    members = m;
    size = n + 1;
    // 2. Its listening flag, copied from the family's (the registry's hook): before any caller can see the id.
    registry.issued(set);
    // 3. Only now visible to lock-free lookups.
    LabelSet[] t = table;
    if (2 * (n + 1) > t.length) {
      t = rehash(t.length * 2);
    }
    insert(t, set);
    table = t;
    return set;
  }

  private LabelSet[] rehash(int capacity) {
    LabelSet[] grown = new LabelSet[capacity];
    LabelSet[] m = members;
    for (int i = 0, n = size; i < n; i++) {
      insert(grown, m[i]);
    }
    return grown;
  }

  private static void insert(LabelSet[] t, LabelSet set) {
    int mask = t.length - 1;
    int i = set.hash() & mask;
    while (t[i] != null) {
      if (t[i] == set) {
        return;
      }
      i = (i + 1) & mask;
    }
    SLOT.setRelease(t, i, set);
  }

  private LabelSet find(String[] values, int hash) {
    LabelSet[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelSet set = t[i];
      if (set == null) {
        return null;
      }
      if (set.hash() == hash && set.matches(values)) {
        return set;
      }
    }
  }

  @Override
  public String toString() {
    return "EventFamily[" + name + labelNames + ", " + (size - 1) + " label sets of at most " + maxLabelSets + "]";
  }
}
