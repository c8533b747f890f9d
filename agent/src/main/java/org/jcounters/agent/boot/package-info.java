/**
 * The part of the agent that lives beside the engine on the bootstrap class path: the registry of
 * the counters the agent registered, which advice inlined into the engine itself consults. Not an
 * API: nothing here is meant to be called by applications.
 */
package org.jcounters.agent.boot;
