/**
 * The model every module shares: event names, the counter contract, counter values with their merge
 * rules, immutable snapshots, and the single-threaded dispatcher that feeds counters.
 */
package org.jcounters.core;
