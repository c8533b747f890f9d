package org.jcounters;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The shortcuts' scopes of one kind by event name, one scope per name: a concurrent map, the
 * authority, behind a small direct-mapped table in which a name found once is found again with a
 * few plain reads (a map lookup costs twice as many, two of them ordered).
 *
 * <p>Read racily on purpose: a scope's fields are final, so a scope seen through the table is seen
 * whole. A slot is written only while empty, so names that collide never take turns writing it
 * (which would bounce its line between the threads that use them); the later ones use the map.
 * A record, so that the default engine's table is a constant to the JIT (see {@link ShortcutPath}).
 */
record ShortcutScopes(Map<String, Shortcuts.Scope> byName, Shortcuts.Scope[] recent, Function<String, Shortcuts.Scope> newScope) {
  private static final int SLOTS = 64;

  ShortcutScopes(Function<String, Shortcuts.Scope> newScope) {
    this(new ConcurrentHashMap<>(), new Shortcuts.Scope[SLOTS], newScope);
  }

  /** The scope of {@code name}, made on first use. */
  Shortcuts.Scope get(String name) {
    final int slot = name.hashCode() & (SLOTS - 1);
    Shortcuts.Scope scope = recent[slot];
    return scope != null && scope.name.equals(name) ? scope : lookUp(name, slot);
  }

  private Shortcuts.Scope lookUp(String name, int slot) {
    Shortcuts.Scope scope = byName.get(name);
    if (scope == null) {
      scope = byName.computeIfAbsent(name, newScope);
    }
    if (recent[slot] == null) {
      recent[slot] = scope;
    }
    return scope;
  }
}
