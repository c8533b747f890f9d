package org.jcounters;

import org.jcounters.core.Counter;
import org.jcounters.core.Snapshot;

/**
 * Registering counters on the process-wide {@linkplain JCounters#defaultInstance() default engine}
 * and taking snapshots of them (PyCounters' {@code register_counter} and friends).
 *
 * <pre>{@code
 * Counters.register(new TotalCounter("requests_data_len"));
 * Snapshot snapshot = Counters.snapshot();
 * Object total = snapshot.reportValue("requests_data_len");
 * }</pre>
 */
public final class Counters {
  private Counters() {}

  /** Registers a counter; throws {@link IllegalArgumentException} if its name is taken. */
  public static void register(Counter counter) {
    JCounters.defaultInstance().register(counter);
  }

  /** Registers a counter unless its name is taken; returns whether it was registered. */
  public static boolean registerIfAbsent(Counter counter) {
    return JCounters.defaultInstance().registerIfAbsent(counter);
  }

  /** Unregisters the named counter; returns it, or null if there was none. */
  public static Counter unregister(String counterName) {
    return JCounters.defaultInstance().unregister(counterName);
  }

  /** A consistent snapshot of every registered counter, with the number of dropped events. */
  public static Snapshot snapshot() {
    return JCounters.defaultInstance().snapshot();
  }
}
