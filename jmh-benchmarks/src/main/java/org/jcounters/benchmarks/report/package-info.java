/**
 * Reading JMH's JSON results: the generator of {@code BENCHMARKS.md} ({@link org.jcounters.benchmarks.report.BenchmarksReport})
 * and the CI gate on allocation and lost events ({@link org.jcounters.benchmarks.report.SmokeGate}).
 */
package org.jcounters.benchmarks.report;
