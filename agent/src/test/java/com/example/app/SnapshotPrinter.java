package com.example.app;

import org.jcounters.Counters;
import org.jcounters.JCounters;
import org.jcounters.core.Counter;
import org.jcounters.core.Snapshot;

/** Prints {@code counter=value} lines of the default engine's snapshot for the parent test to read. */
final class SnapshotPrinter {
  private SnapshotPrinter() {}

  static void print(String... counters) {
    Snapshot snapshot = Counters.snapshot();
    for (String counter : counters) {
      Object value = snapshot.reportValue(counter);
      Counter registered = JCounters.defaultInstance().counter(counter);
      String type = registered == null ? "-" : registered.getClass().getSimpleName();
      System.out.println(counter + "=" + value + " type=" + type);
    }
  }
}
