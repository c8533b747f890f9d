/**
 * JMH benchmarks of the JCounters hot path, its drainer and the peer libraries' equivalent calls, measured in
 * one run, with the tools that turn the JSON results into {@code BENCHMARKS.md} and gate CI on allocation and
 * lost events.
 */
package org.jcounters.benchmarks;
