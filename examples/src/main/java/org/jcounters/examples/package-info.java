/** The PyCounters tutorial in Java: the instrumented upper-casing TCP server, its client, and the Munin plugin entry. */
package org.jcounters.examples;
