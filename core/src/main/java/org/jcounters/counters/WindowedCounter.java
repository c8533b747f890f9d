package org.jcounters.counters;

import java.time.Duration;
import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.core.FoldedEvents;
import org.jcounters.internal.window.SlidingWindow;

/**
 * What the counters over a {@link SlidingWindow} share: the window, built and checked once here,
 * its accessor, and value events recorded into it as they come. Each public subclass keeps its own
 * constructors (one-line delegations here), its own callbacks for ends, occurrences or timings, and
 * its own {@link #value(long)}.
 *
 * <p>The window is a final field of a final class, so a recording callback costs one direct call,
 * as it did when each counter held its own window.
 */
abstract class WindowedCounter extends Counter {
  /** The window this counter analyses; driven by the dispatcher's thread only. */
  final SlidingWindow window;

  /**
   * A counter of events named {@code name} over {@code window}.
   *
   * @throws IllegalArgumentException if {@code name} is invalid, or {@code window} is null, not positive or too long
   */
  WindowedCounter(String name, Duration window) {
    super(name);
    this.window = new SlidingWindow(window);
  }

  /**
   * A counter of the given events over {@code window}.
   *
   * @throws IllegalArgumentException if a name is invalid, or {@code window} is null, not positive or too long
   */
  WindowedCounter(String name, List<String> events, Duration window) {
    super(name, events);
    this.window = new SlidingWindow(window);
  }

  // Neither method is final, so javac gives each public subclass a public bridge to it: reflection
  // through the subclasses keeps working as when each declared its own.
  /** {@return the window this counter looks over: 300 s unless given at construction} */
  public Duration window() {
    return window.window();
  }

  /** Records the value event in the window; the class comment says what the counter makes of it. */
  @Override
  protected void onValue(int event, long value, long nowNanos) {
    window.record(nowNanos, value);
  }

  /** Records the folded values in the window at once: the same count, sum, minimum and maximum. */
  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    window.record(nowNanos, values.count(), values.sum(), values.min(), values.max());
  }
}
