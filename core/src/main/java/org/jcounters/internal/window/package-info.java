/**
 * Internal: not an API, may change without notice. The time-bucketed sliding windows that the built-in window counters are built on: O(1) per event, fixed memory per counter, a documented granularity; {@link org.jcounters.internal.window.SlidingWindow} keeps count, sum and extremes per bucket, {@link org.jcounters.internal.window.HistogramWindow} a histogram.
 */
package org.jcounters.internal.window;
