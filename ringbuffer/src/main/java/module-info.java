/**
 * The JCounters engine: {@link org.jcounters.JCounters}, the static {@link org.jcounters.Events},
 * {@link org.jcounters.Counters} and {@link org.jcounters.Shortcuts} of the default engine, and the
 * patcher. Rings and the drainer ({@code org.jcounters.internal.*}) are not exported.
 */
// "requires-automatic", "requires-transitive-automatic": Agrona ships no module descriptor (automatic module org.agrona); the build
// keeps -Xlint:all -Werror otherwise.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.jcounters.ringbuffer {
  requires transitive org.jcounters.core;
  requires transitive org.agrona; // JCounters.Builder.idleStrategy takes an Agrona IdleStrategy
  requires com.lmax.disruptor;

  exports org.jcounters;
  exports org.jcounters.patch;

  provides org.jcounters.internal.core.SnapshotSourceProvider with org.jcounters.internal.engine.DefaultEngineProvider;
}
