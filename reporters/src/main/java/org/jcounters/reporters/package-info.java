/** Reports leaving the process: the report model, the reporting schedule, and the JSON file and log reporters. */
package org.jcounters.reporters;
