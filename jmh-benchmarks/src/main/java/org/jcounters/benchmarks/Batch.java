package org.jcounters.benchmarks;

/**
 * How many calls one benchmark invocation makes. Single calls of a few nanoseconds are below what
 * {@link System#nanoTime()} resolves (about 25 ns to call on a virtual machine), so every throughput-style
 * benchmark loops this many times and declares it with {@code @OperationsPerInvocation}.
 */
final class Batch {
  static final int CALLS = 1024;

  private Batch() {}
}
