package org.jcounters.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's entry points: {@code java -javaagent:jcounters-agent.jar=patches.json ...} at start-up
 * ({@link #premain}), or loaded into a running JVM through the Attach API ({@link #agentmain}).
 *
 * <p>Contract: the argument is the path of a JSON file of patches (see {@link PatchFile}). Whatever
 * goes wrong (no argument, a missing or malformed file, a row that matches nothing, a class that
 * cannot be patched) is logged through {@link System.Logger} (logger {@code org.jcounters.agent})
 * and the application starts and runs on, unpatched where the patch could not be applied. The agent
 * installs itself once per JVM; a second load is refused with a message.
 *
 * <p>Implementation note: this class must not touch an engine type ({@code org.jcounters.*} outside
 * this package) before {@link EngineJar#install} has put the engine on the bootstrap class path,
 * or the engine would be loaded from the application's class path instead.
 */
public final class JCountersAgent {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private JCountersAgent() {}

  /**
   * Called by the JVM before {@code main} for {@code -javaagent:jcounters-agent.jar=<patches.json>}.
   * Never throws: failures are logged and the application starts unpatched.
   *
   * @param args the agent's argument, the path of the patch file; {@code null} if none was given
   * @param instrumentation the JVM's instrumentation, used to patch classes and extend the bootstrap class path
   */
  public static void premain(String args, Instrumentation instrumentation) {
    start(args, instrumentation, false);
  }

  /**
   * Called by the JVM when the agent is loaded into a running JVM through the Attach API. Never
   * throws: failures are logged and the application runs on unpatched.
   *
   * @param args the agent's argument, the path of the patch file; {@code null} if none was given
   * @param instrumentation the JVM's instrumentation, used to patch classes and extend the bootstrap class path
   */
  public static void agentmain(String args, Instrumentation instrumentation) {
    start(args, instrumentation, true);
  }

  private static void start(String args, Instrumentation instrumentation, boolean attached) {
    if (!INSTALLED.compareAndSet(false, true)) {
      AgentLog.error("the agent is already installed in this JVM; ignoring the new load with argument " + args, null);
      return;
    }
    try {
      if (!EngineJar.install(instrumentation, attached)) {
        return;
      }
      AgentStart.start(args, instrumentation);
    } catch (Throwable t) { // never let the agent stop the application
      AgentLog.error("the agent could not start; the application runs unpatched", t);
    }
  }
}
