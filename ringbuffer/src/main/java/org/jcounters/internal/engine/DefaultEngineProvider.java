package org.jcounters.internal.engine;

import org.jcounters.JCounters;
import org.jcounters.core.SnapshotSource;
import org.jcounters.internal.core.SnapshotSourceProvider;

/**
 * Registers the {@linkplain JCounters#defaultInstance() default engine} with
 * {@link java.util.ServiceLoader}, so that modules which cannot depend on this one (the reporters'
 * {@code startAutoReport()}) report it. Found through
 * {@code META-INF/services/org.jcounters.internal.core.SnapshotSourceProvider}; not meant to be used directly.
 */
public final class DefaultEngineProvider implements SnapshotSourceProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public DefaultEngineProvider() {}

  /** The process-wide default engine (the same instance however many providers the loader makes). */
  @Override
  public SnapshotSource snapshotSource() {
    return JCounters.defaultInstance();
  }
}
