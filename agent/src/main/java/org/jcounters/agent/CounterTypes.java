package org.jcounters.agent;

import java.util.List;
import org.jcounters.core.Counter;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.counters.EventCounter;
import org.jcounters.counters.FrequencyCounter;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.counters.WindowCounter;

/**
 * The counter types a row may choose by its {@code "counter"} key: those that analyse a timed
 * block's start and end events. Without the key, {@link #DEFAULT} as the {@code time} shortcut.
 */
final class CounterTypes {
  static final String DEFAULT = "AverageTimeCounter";
  static final List<String> NAMES = List.of(
      "AverageTimeCounter", "EventCounter", "FrequencyCounter", "WindowCounter", "PercentileWindowCounter");

  private CounterTypes() {}

  static boolean isKnown(String type) {
    return NAMES.contains(type);
  }

  /** A new counter of {@code type} listening to event {@code name}; {@code type} must be {@linkplain #isKnown known}. */
  static Counter create(String type, String name) {
    switch (type) {
      case "AverageTimeCounter":
        return new AverageTimeCounter(name);
      case "EventCounter":
        return new EventCounter(name);
      case "FrequencyCounter":
        return new FrequencyCounter(name);
      case "WindowCounter":
        return new WindowCounter(name);
      case "PercentileWindowCounter":
        return PercentileWindowCounter.ofTimings(name).build();
      default:
        throw new IllegalArgumentException("unknown counter type " + type + "; known: " + NAMES);
    }
  }
}
