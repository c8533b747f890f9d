/**
 * Internals of the hot path: per-thread rings of primitive event records, their pool, and the
 * drainer thread that feeds the counters. Public for the engine in {@code org.jcounters} only: not API.
 */
package org.jcounters.ring;
