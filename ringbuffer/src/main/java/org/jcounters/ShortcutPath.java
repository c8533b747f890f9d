package org.jcounters;

import java.util.function.Function;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.AverageWindowCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.internal.ring.EventPath;
import org.jcounters.internal.ring.RingPlacement;

/**
 * What the shortcuts of one engine do: find the scope of a name, make sure its default counter is
 * registered, report. {@link EngineShortcuts} and the statics of {@link Shortcuts} (the default
 * engine's) are its two faces, and the default counters are chosen here.
 *
 * <p><b>Why a record.</b> The JIT trusts a record's final fields (see {@link EventPath}): the default
 * engine's, held by {@code Shortcuts} in a static final, is a constant with its event path and its
 * tables of scopes, so that a scope is found and opened after a few loads instead of a chain of
 * engine fields, which the clock read after it would wait for.
 */
record ShortcutPath(EventPath events, ShortcutScopes timing, ShortcutScopes occurrences) {
  Shortcuts.Scope time(String name) {
    return time(name, AverageTimeCounter::new);
  }

  Shortcuts.Scope time(String name, Function<String, ? extends Counter> defaultCounter) {
    Shortcuts.Scope scope = timing.get(name);
    scope.ensureCounter(defaultCounter);
    if (RingPlacement.isVirtual(Thread.currentThread())) {
      // A scope of its own carries the start: a virtual thread then needs no thread-local, which
      // would cost it a map and a stack (~250 bytes) for its one block.
      return new Shortcuts.Scope(scope, events.startBlock(scope.id));
    }
    events.start(scope.id);
    return scope;
  }

  Shortcuts.Scope frequency(String name) {
    return frequency(name, FrequencyCounter::new);
  }

  Shortcuts.Scope frequency(String name, Function<String, ? extends Counter> defaultCounter) {
    Shortcuts.Scope scope = occurrences.get(name);
    scope.ensureCounter(defaultCounter);
    return scope;
  }

  void occurrence(String name) {
    occurrence(name, FrequencyCounter::new);
  }

  // The ids below are the scopes', issued for their names: the path's "unknown id" answer cannot come.

  void occurrence(String name, Function<String, ? extends Counter> defaultCounter) {
    events.occurrence(frequency(name, defaultCounter).id);
  }

  void count(String name, long n) {
    value(name, n, EventCounter::new);
  }

  void value(String name, long value) {
    value(name, value, AverageWindowCounter::new);
  }

  void value(String name, long value, Function<String, ? extends Counter> defaultCounter) {
    events.value(frequency(name, defaultCounter).id, value);
  }
}
