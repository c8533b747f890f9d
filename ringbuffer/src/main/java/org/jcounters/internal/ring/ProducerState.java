package org.jcounters.internal.ring;

/**
 * Where a producer thread's records go and its open blocks: an own ring's (one per ring, reused by
 * each owner in turn), or, for a thread without one, kept in its thread-local.
 */
final class ProducerState {
  final Ring ring;
  final TimingStack stack;

  ProducerState(Ring ring, TimingStack stack) {
    this.ring = ring;
    this.stack = stack;
  }
}
