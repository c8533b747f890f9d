/**
 * The time-bucketed sliding window that every window counter is built on: O(1) per event, fixed
 * memory per counter, a documented granularity.
 */
package org.jcounters.counters.window;
