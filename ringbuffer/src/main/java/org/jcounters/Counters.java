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

  /**
   * Registers a counter on the default engine, as {@link JCounters#register} does: it hears the events
   * reported after this call returns, and replaces a shortcut's default counter of its name.
   *
   * @param counter the counter, registered under its {@link Counter#name()}
   * @throws IllegalArgumentException if a counter of its name is registered, other than a default one
   */
  public static void register(Counter counter) {
    JCounters.defaultInstance().register(counter);
  }

  /**
   * Registers a counter on the default engine unless its name is taken.
   *
   * @param counter the counter, registered under its {@link Counter#name()}
   * @return whether it was registered
   */
  public static boolean registerIfAbsent(Counter counter) {
    return JCounters.defaultInstance().registerIfAbsent(counter);
  }

  /**
   * Unregisters the named counter from the default engine: it hears no event reported after this call returns.
   *
   * @param counterName the counter's name
   * @return the unregistered counter, or null if there was none
   */
  public static Counter unregister(String counterName) {
    return JCounters.defaultInstance().unregister(counterName);
  }

  /**
   * A consistent snapshot of every registered counter, with the number of dropped events. Waits for the
   * drainer to take in every event reported before the call.
   *
   * @return the snapshot, immutable
   */
  public static Snapshot snapshot() {
    return JCounters.defaultInstance().snapshot();
  }
}
