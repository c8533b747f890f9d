package org.jcounters.reporters;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.core.CounterValue;
import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import org.jcounters.internal.core.SnapshotSourceProvider;

/** Stands in for the ringbuffer engine: each snapshot holds one counter, "snapshots", counting snapshots taken. */
@SuppressWarnings("exports") // compiled into the module org.jcounters.reporters, whose descriptor does not export the test
public final class TestEngineProvider implements SnapshotSourceProvider {
  static final AtomicLong SNAPSHOTS = new AtomicLong();
  static final SnapshotSource ENGINE =
      () -> new Snapshot(Map.of("snapshots", new CounterValue.LongSum(SNAPSHOTS.incrementAndGet())), 0, System.currentTimeMillis());

  /** Called by {@link java.util.ServiceLoader}. */
  public TestEngineProvider() {}

  @Override
  public SnapshotSource snapshotSource() {
    return ENGINE;
  }
}
