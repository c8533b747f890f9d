/**
 * The JCounters agent: times named methods of existing classes, from a JSON file of PyCounters'
 * {@code {class, method, event}} rows, by inlining start/end advice into their bytecode.
 */
package org.jcounters.agent;
