/**
 * PyCounters' patcher in Java: wraps objects behind their interfaces so that named methods raise
 * start and end events, without editing their classes.
 */
package org.jcounters.patch;
