/**
 * Internal: not an API, may change without notice. Helpers shared by the reporters: atomic file writes, reading JSON files with clear errors, and the JSON form of report values.
 */
package org.jcounters.internal.reporters;
