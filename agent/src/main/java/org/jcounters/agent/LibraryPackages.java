package org.jcounters.agent;

import java.util.List;

/**
 * JCounters' own packages, which the agent never patches (advice in the engine would call the
 * engine from inside itself). Applications under {@code org.jcounters} (the examples, the
 * benchmarks) are patched like any other. The engine's relocated dependencies live under
 * {@code org.jcounters.agent.shaded}; HdrHistogram and Agrona's {@code IdleStrategy} keep their
 * names (they are in the engine's public API), so with the agent the application's copies are the
 * engine's: they are never patched either.
 */
final class LibraryPackages {
  private static final List<String> PACKAGES = List.of(
      "org.jcounters.core.", "org.jcounters.counters.", "org.jcounters.internal.", "org.jcounters.patch.",
      "org.jcounters.agent.", "org.jcounters.reporters.", "org.jcounters.multiprocess.");

  private LibraryPackages() {}

  static boolean contains(String className) {
    if (!className.startsWith("org.jcounters.")) {
      // Third-party classes on the bootstrap class path under their own names, with the engine.
      return className.startsWith("org.HdrHistogram.") || className.equals("org.agrona.concurrent.IdleStrategy");
    }
    if (className.indexOf('.', "org.jcounters.".length()) < 0) {
      return true; // org.jcounters itself: Events, JCounters, Shortcuts...
    }
    for (String library : PACKAGES) {
      if (className.startsWith(library)) {
        return true;
      }
    }
    return false;
  }
}
