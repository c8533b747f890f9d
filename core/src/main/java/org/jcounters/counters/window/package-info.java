/**
 * The time-bucketed sliding windows that window counters are built on: O(1) per event, fixed
 * memory per counter, a documented granularity; {@link org.jcounters.counters.window.SlidingWindow}
 * keeps count, sum and extremes per bucket, {@link org.jcounters.counters.window.HistogramWindow} a histogram.
 */
package org.jcounters.counters.window;
