package org.jcounters.internal.core;

import org.jcounters.core.Snapshot;
import org.jcounters.core.SnapshotSource;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Service-provider interface through which modules that cannot depend on the engine find the
 * process's default engine: the reporters' {@code startAutoReport()} uses it, so that the tutorial's
 * shape works without passing the engine around.
 *
 * <p>The engine module registers its implementation in
 * {@code META-INF/services/org.jcounters.internal.core.SnapshotSourceProvider}. {@link ServiceLoader} may
 * instantiate a provider more than once, so {@link #snapshotSource()} must hand out the one
 * process-wide engine (a static singleton), not a new engine per provider instance.
 *
 * <pre>{@code
 * SnapshotSource engine = SnapshotSourceProvider.loadDefault(); // fails clearly if no engine is on the class path
 * Snapshot now = engine.snapshot();
 * }</pre>
 */
public interface SnapshotSourceProvider {

  /** The process's default engine, started on first use; the same instance on every call. Thread-safe. */
  SnapshotSource snapshotSource();

  /** When several providers are on the class path, the highest priority wins; ties go to the first found. */
  default int priority() {
    return 0;
  }

  /**
   * The default engine of the provider found through the context class loader (or this class's
   * loader when there is none).
   *
   * @throws IllegalStateException if no provider is on the class path
   */
  static SnapshotSource loadDefault() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return loadDefault(context != null ? context : SnapshotSourceProvider.class.getClassLoader());
  }

  /**
   * The default engine of the provider found through {@code loader}.
   *
   * @throws IllegalStateException if {@code loader} sees no provider
   */
  static SnapshotSource loadDefault(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    SnapshotSourceProvider provider = null;
    for (SnapshotSourceProvider candidate : ServiceLoader.load(SnapshotSourceProvider.class, loader)) {
      if (provider == null || candidate.priority() > provider.priority()) { // strictly: a tie keeps the first found
        provider = candidate;
      }
    }
    if (provider == null) {
      throw new IllegalStateException(
          "no JCounters engine found: put jcounters-ringbuffer on the class path (it registers a "
              + SnapshotSourceProvider.class.getName() + " in META-INF/services), "
              + "or give the reporting controller a SnapshotSource/ReportSource explicitly");
    }
    SnapshotSource source = provider.snapshotSource();
    if (source == null) {
      throw new IllegalStateException(provider.getClass().getName() + ".snapshotSource() returned null");
    }
    return source;
  }
}
