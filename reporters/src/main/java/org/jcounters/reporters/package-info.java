/**
 * Reports leaving the process: the report model, the reporting controller and its schedule, the
 * PyCounters JSON file, the log reporter and the event logger. Decisions are listed in the module's README.
 */
package org.jcounters.reporters;
