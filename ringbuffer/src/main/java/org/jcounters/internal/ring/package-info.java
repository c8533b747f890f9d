/**
 * Internal: not an API, may change without notice. The internals of the hot path: per-thread rings
 * of primitive event records, their pool, and the drainer thread that feeds the counters; public
 * only for the engine in {@code org.jcounters} (and the agent, to which the module exports it).
 */
package org.jcounters.internal.ring;
