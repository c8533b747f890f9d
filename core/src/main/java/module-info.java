/**
 * JCounters' model: the counter contract and the built-in counters, counter values, snapshots and
 * the clock. The engine's internals ({@code org.jcounters.internal.*}) are exported only to the
 * JCounters modules that need them.
 */
// "requires-automatic", "requires-transitive-automatic": HdrHistogram and Agrona ship no module
// descriptor (automatic modules named HdrHistogram and org.agrona); the build keeps -Xlint:all
// -Werror otherwise. "module": the qualified exports name modules built after this one, which javac
// cannot see while compiling this one ("module not found").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module org.jcounters.core {
  requires transitive HdrHistogram; // FoldedEvents and CounterValue.Distribution hand out histograms
  requires org.agrona;

  exports org.jcounters.core;
  exports org.jcounters.counters;

  exports org.jcounters.internal.core to
      org.jcounters.ringbuffer, org.jcounters.reporters, org.jcounters.multiprocess, org.jcounters.agent;

  uses org.jcounters.internal.core.SnapshotSourceProvider;
}
