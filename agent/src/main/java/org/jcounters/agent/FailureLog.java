package org.jcounters.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/** Logs a class that could not be patched: it is left as it was and the application runs on. */
final class FailureLog extends AgentBuilder.Listener.Adapter {
  @Override
  public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
    AgentLog.error("could not patch " + typeName + "; it runs unpatched", throwable);
  }
}
