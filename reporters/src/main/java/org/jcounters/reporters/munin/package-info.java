/** Munin plugins over the JSON report file: PyCounters' Munin helper, driven by a JSON list of graphs. */
package org.jcounters.reporters.munin;
