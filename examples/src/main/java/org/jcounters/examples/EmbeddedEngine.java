package org.jcounters.examples;

import org.jcounters.FullRingPolicy;
import org.jcounters.JCounters;
import org.jcounters.core.Clock;
import org.jcounters.counters.TotalCounter;

/** The README's engine of one's own (tests, embedding), checked against the README by ReadmeSnippetsTest. */
final class EmbeddedEngine {
  private EmbeddedEngine() {}

  /** Builds an engine with {@code testClock}, reports 42 bytes, and returns the snapshot's value. */
  static Object bytes(Clock testClock) {
    // snippet:start
    try (JCounters engine = JCounters.builder()
            .ringBudget(1 << 20)                   // memory of all threads' own rings (default 8 MiB)
            .fullRingPolicy(FullRingPolicy.WAIT)   // default FOLD: never wait, fold into a summary
            .clock(testClock)                      // windows and timings without sleeps
            .build()) {
      engine.register(new TotalCounter("bytes"));
      engine.value(engine.id("bytes"), 42);
      return engine.snapshot().reportValue("bytes");   // 42
    }
    // snippet:end
  }
}
