package org.jcounters.core;

/**
 * Anything that can produce a consistent {@link Snapshot}: the ring-buffer engine, a multi-process
 * leader. Reporters depend on this and on nothing that knows about threads or rings.
 */
@FunctionalInterface
public interface SnapshotSource {
  /**
   * Takes a consistent snapshot; may block briefly while pending events are drained.
   *
   * @return the snapshot, never null
   */
  Snapshot snapshot();
}
