package org.jcounters.agent;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.jcounters.JCounters;
import org.jcounters.agent.boot.AgentCounters;
import org.jcounters.core.Counter;

/**
 * Makes the application's registration of a counter win over the agent's: inlines
 * {@link AgentCounters#yieldTo} at the start of the engine's {@code registerIfAbsent(Counter)}
 * (which {@code register} calls), in the engine the agent put on the bootstrap class path.
 */
final class RegisterHook {
  private RegisterHook() {}

  static void install(Instrumentation instrumentation) {
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new FailureLog())
        .ignore(net.bytebuddy.matcher.ElementMatchers.none())
        .type(named("org.jcounters.JCounters"), isBootstrapClassLoader())
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(Enter.class)
            .on(named("registerIfAbsent").and(takesArguments(Counter.class)))))
        .installOn(instrumentation);
  }

  /** Inlined into {@code JCounters.registerIfAbsent}. */
  static final class Enter {
    private Enter() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This JCounters engine, @Advice.Argument(0) Counter counter) {
      AgentCounters.yieldTo(engine, counter);
    }
  }
}
