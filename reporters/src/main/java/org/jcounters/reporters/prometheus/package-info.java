/**
 * Reports in Prometheus' text exposition format 0.0.4: the formatter, an HTTP endpoint for
 * Prometheus to scrape, and a file reporter for node exporter's textfile collector.
 */
package org.jcounters.reporters.prometheus;
