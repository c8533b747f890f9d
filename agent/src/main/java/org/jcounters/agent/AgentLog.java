package org.jcounters.agent;

import java.lang.System.Logger.Level;

/**
 * The agent's messages, through {@link System.Logger} (logger {@code org.jcounters.agent}): by
 * default java.util.logging's console handler on standard error; routed to SLF4J or Log4j when
 * the application installs their {@code System.LoggerFinder}. Never standard output, which belongs
 * to the application. Every message starts with {@code jcounters-agent:} so it can be grepped for.
 */
final class AgentLog {
  // Looked up on first use, not when the class loads: a failure to start logs before anything else runs.
  private static volatile System.Logger logger;

  private AgentLog() {}

  static void info(String message) {
    log(Level.INFO, message, null);
  }

  static void warn(String message) {
    log(Level.WARNING, message, null);
  }

  static void error(String message, Throwable cause) {
    log(Level.ERROR, message, cause);
  }

  private static void log(Level level, String message, Throwable cause) {
    System.Logger l = logger;
    if (l == null) {
      l = System.getLogger("org.jcounters.agent");
      logger = l;
    }
    if (cause == null) {
      l.log(level, "jcounters-agent: " + message);
    } else {
      l.log(level, "jcounters-agent: " + message, cause);
    }
  }
}
