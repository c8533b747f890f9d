package org.jcounters.agent;

import net.bytebuddy.asm.Advice;
import org.jcounters.Events;

/**
 * The code inlined around a patched method's body: a start of the row's event on entry and its end
 * on every exit, normal or by an exception (which passes on unchanged), on the calling thread. The
 * event id is a constant; no reflection, boxing or allocation. {@code suppress} keeps a failure of
 * the engine itself (it promises none) from ever reaching the application.
 */
final class TimedAdvice {
  private TimedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@EventId int id) {
    Events.start(id);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@EventId int id) {
    Events.end(id);
  }
}
