/**
 * Multi-process collection: processes elect a leader over loopback TCP, and the leader merges every
 * node's counter values into one report, over a framed, versioned, size-capped JSON protocol.
 *
 * <p>The entry point is {@link org.jcounters.multiprocess.MultiProcessCollection}; the wire protocol
 * is described in this module's {@code README.md}.
 */
package org.jcounters.multiprocess;
