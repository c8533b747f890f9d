package org.jcounters.agent;

import java.util.List;

/**
 * JCounters' own packages, which the agent never patches (advice in the engine would call the
 * engine from inside itself). Applications under {@code org.jcounters} (the examples, the
 * benchmarks) are patched like any other.
 */
final class LibraryPackages {
  private static final List<String> PACKAGES = List.of(
      "org.jcounters.core.", "org.jcounters.counters.", "org.jcounters.internal.ring.", "org.jcounters.patch.",
      "org.jcounters.agent.", "org.jcounters.reporters.", "org.jcounters.multiprocess.", "org.jcounters.shaded.");

  private LibraryPackages() {}

  static boolean contains(String className) {
    if (!className.startsWith("org.jcounters.")) {
      return false;
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
