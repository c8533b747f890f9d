/**
 * Internal: not an API, may change without notice. The engine's registration with {@link java.util.ServiceLoader} (the default engine, for the reporters).
 */
package org.jcounters.internal.engine;
