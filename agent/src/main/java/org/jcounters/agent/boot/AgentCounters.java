package org.jcounters.agent.boot;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jcounters.JCounters;
import org.jcounters.core.Counter;

/**
 * The counters the agent registered on the default engine, so that an application's own counter of
 * the same name replaces the agent's instead of failing: the agent's counter is only a default
 * (PyCounters' shortcuts behave the same way), the application's choice wins.
 *
 * <p>{@link #registerIfAbsent} is the agent's only way to register. {@link #yieldTo} is called by
 * advice the agent inlines at the start of {@code JCounters.registerIfAbsent} (through which
 * {@code register} goes too), so the rule holds whoever registers and in whichever order: before the
 * agent starts the agent finds the name taken and keeps out; after it, the application's
 * registration first unregisters the agent's counter. Events reported between that unregistration and
 * the registration that follows it are not counted by either counter.
 *
 * <p>Thread-safe. Lives on the bootstrap class path beside the engine (the advice inlined into the
 * engine can only see classes there); not an API.
 */
public final class AgentCounters {
  private static final System.Logger LOG = System.getLogger("org.jcounters.agent");
  private static final Set<Counter> OWNED = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  /** Whether the agent ever registered a counter: until then the hook costs one volatile read. */
  private static volatile boolean anyOwned;

  private AgentCounters() {}

  /** Registers {@code counter} on the default engine as the agent's, unless its name is taken; returns whether it was registered. */
  public static boolean registerIfAbsent(Counter counter) {
    // Owned before it is registered: an application registering the name in between must find it owned.
    OWNED.add(counter);
    anyOwned = true;
    boolean registered = false;
    try {
      registered = JCounters.defaultInstance().registerIfAbsent(counter);
      return registered;
    } finally {
      if (!registered) {
        OWNED.remove(counter);
      }
    }
  }

  /** Whether {@code counter} is one the agent registered and still owns. */
  public static boolean owns(Counter counter) {
    return OWNED.contains(counter);
  }

  /**
   * Called on entry of {@code JCounters.registerIfAbsent(incoming)}: if the default engine holds a
   * counter the agent registered under {@code incoming}'s name, unregisters it so that
   * {@code incoming} takes its place. Never throws.
   */
  public static void yieldTo(JCounters engine, Counter incoming) {
    if (!anyOwned || incoming == null || OWNED.contains(incoming)) {
      return;
    }
    try {
      if (engine != JCounters.defaultInstance()) {
        return; // an engine of the application's own: the agent registers nothing there
      }
      Counter current = engine.counter(incoming.name());
      if (current != null && current != incoming && OWNED.remove(current)) {
        engine.unregister(current.name());
        LOG.log(System.Logger.Level.INFO, "jcounters-agent: the application registers its own counter ''{0}'' ({1}); it replaces the agent''s {2}",
            incoming.name(), incoming.getClass().getSimpleName(), current.getClass().getSimpleName());
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "jcounters-agent: could not give way to the application's counter '" + incoming.name() + "'", e);
    }
  }
}
