package org.jcounters.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The calling thread's ring by thread id: a quicker first look than a {@code ThreadLocal}, which
 * stays the authority. A slot holds the ring of the last thread that leased one with that id modulo
 * the table size; a thread whose slot holds another thread's ring (two live threads whose ids
 * collide) misses here every time and takes the {@code ThreadLocal}: slower, never wrong.
 *
 * <p>A record, so that the JIT trusts its array as a constant where the table is one (see
 * {@link EventPath}).
 *
 * <p>Why it is safe with plain reads: a ring's owner id is written by the owner itself when it
 * leases the ring, so the owner always sees its own id; another thread can only ever read an id that
 * is not its own (thread ids are never reused), or -1 once the drainer has recycled the ring.
 */
public record RingTable(ThreadRing[] slots) {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(ThreadRing[].class);
  /** 4,096 slots (16 KiB of references): no collisions among up to 4,096 consecutively created threads. */
  static final int SIZE = 1 << 12;

  public RingTable {
    if (slots.length != SIZE) {
      throw new IllegalArgumentException("a ring table has " + SIZE + " slots, got " + slots.length);
    }
  }

  RingTable() {
    this(new ThreadRing[SIZE]);
  }

  /** The calling thread's ring, or null if the table does not have it (then ask the ThreadLocal). */
  public ThreadRing lookup(long threadId) {
    ThreadRing ring = slots[(int) threadId & (SIZE - 1)];
    return ring != null && ring.ownerId == threadId ? ring : null;
  }

  /** Records a ring just leased by the calling thread (whose id the ring already holds). */
  void put(ThreadRing ring) {
    SLOTS.setRelease(slots, (int) ring.ownerId & (SIZE - 1), ring);
  }

  /** Forgets a ring whose owner died, unless its slot was taken by another ring since. Drainer only. */
  void remove(ThreadRing ring, long formerOwnerId) {
    SLOTS.compareAndSet(slots, (int) formerOwnerId & (SIZE - 1), ring, (ThreadRing) null);
  }
}
