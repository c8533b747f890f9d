package org.jcounters.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Puts the JCounters engine on the bootstrap class path, so that there is one engine per JVM
 * whoever calls it: advice inlined into a JDK class, a class of any class loader or of a named
 * module resolves {@code org.jcounters.Events} to the same class as the application's own code.
 *
 * <p>The engine jar ({@code core}, {@code ringbuffer} and their dependencies: Disruptor and Agrona
 * relocated under {@code org.jcounters.agent.shaded}, except Agrona's {@code IdleStrategy}, and
 * HdrHistogram, whose types the engine's public API takes and returns) is nested in the agent jar; it
 * is copied to a temporary file, deleted when the JVM exits, and appended with
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch}. Since class loaders delegate to their
 * parent first, an application that bundles its own copy of JCounters then uses the agent's copy
 * (see the README). Attached to a JVM that already loaded JCounters from its class path, the agent
 * refuses to start: its counters would sit on an engine the application's classes never report to.
 */
final class EngineJar {
  static final String RESOURCE = "/META-INF/jcounters-agent/jcounters-engine.jar";
  private static final String ENGINE_CLASS = "org.jcounters.JCounters";

  private EngineJar() {}

  /** Appends the engine to the bootstrap class path; false (with a message) if the agent must not go on. */
  static boolean install(Instrumentation instrumentation, boolean attached) throws IOException, ClassNotFoundException {
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (loaded.getName().equals(ENGINE_CLASS)) {
        if (loaded.getClassLoader() != null) {
          AgentLog.error("the application already loaded JCounters from " + loaded.getClassLoader()
              + (attached ? " before the agent was attached" : "")
              + "; the agent's counters would not see its events, so nothing is patched. Start the agent with -javaagent instead.", null);
          return false;
        }
        return true; // already on the bootstrap class path (the JVM was started with it there)
      }
    }
    Path jar = Files.createTempFile("jcounters-engine-", ".jar");
    jar.toFile().deleteOnExit();
    try (InputStream in = EngineJar.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("the agent jar has no " + RESOURCE + ": it was not built by the agent module's shade plugin");
      }
      Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    openJdkInternals(instrumentation);
    return true;
  }

  /**
   * Agrona reaches into {@code jdk.internal.misc} and {@code java.nio}, which applications pass as
   * {@code --add-opens} flags; an agent may grant them itself, to the bootstrap class loader's unnamed
   * module only, so the application needs no flag.
   */
  private static void openJdkInternals(Instrumentation instrumentation) throws ClassNotFoundException {
    Module engine = Class.forName(ENGINE_CLASS, false, null).getModule();
    Module base = Object.class.getModule();
    instrumentation.redefineModule(base, Set.of(),
        Map.of("jdk.internal.misc", Set.of(engine)),
        Map.of("jdk.internal.misc", Set.of(engine), "java.nio", Set.of(engine)),
        Set.of(), Map.of());
  }
}
