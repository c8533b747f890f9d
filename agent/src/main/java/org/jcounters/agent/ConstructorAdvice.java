package org.jcounters.agent;

import net.bytebuddy.asm.Advice;
import org.jcounters.Events;

/**
 * {@link TimedAdvice} for constructors. The JVM does not let a constructor catch what its super
 * constructor call throws, so Byte Buddy cannot end the block when a constructor throws: the start
 * stays unmatched on that thread (the engine pairs an end with the latest unmatched start, so later
 * blocks of the event still pair correctly). The block covers the super constructor call.
 */
final class ConstructorAdvice {
  private ConstructorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@EventId int id) {
    Events.start(id);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@EventId int id) {
    Events.end(id);
  }
}
