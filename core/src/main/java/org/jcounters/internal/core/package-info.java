/**
 * Internal: not an API, may change without notice. The engine's name table and registry of label families, its service-provider interface for the default engine, the dispatcher that feeds counters, the accessors to the API types' engine-only members, and the helpers the counters and their values share; public only for the other JCounters modules, to which the module exports it.
 */
package org.jcounters.internal.core;
