/**
 * Internal: not an API, may change without notice. The engine's name table, its service-provider interface for the default engine, and the dispatcher that feeds counters; public only for the other JCounters modules, to which the module exports it.
 */
package org.jcounters.internal.core;
