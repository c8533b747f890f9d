/**
 * Every PyCounters counter type over bounded memory: running totals ({@link org.jcounters.counters.TotalCounter},
 * {@link org.jcounters.counters.EventCounter}, {@link org.jcounters.counters.ValueAccumulator}), sliding-window
 * analyses (averages, frequencies, counts, extremes, block times, percentiles with
 * {@link org.jcounters.counters.PercentileWindowCounter}) and the per-thread
 * {@link org.jcounters.counters.ThreadTimeCategorizer}.
 *
 * <p>Every counter here follows {@link org.jcounters.core.Counter}'s contract: driven by one thread
 * at a time, allocation-free per event, reporting {@link org.jcounters.core.CounterValue#empty()}
 * (a {@code null} in reports) rather than 0 when it has no data. Times are reported in seconds.
 */
package org.jcounters.counters;
