package org.jcounters.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table answers only a ring's own owner; a collision sends a thread to the ThreadLocal, never to another's ring. */
class RingTableTest {
  private final RingPlacement placement = TestRings.placement(64);

  @Test
  void shouldFindARingOnlyForItsOwner() {
    RingTable table = new RingTable();
    ThreadRing ring = ownedBy(7);
    table.put(ring);
    assertThat(table.lookup(7)).isSameAs(ring);
    assertThat(table.lookup(8)).isNull();
    assertThat(table.lookup(7 + RingTable.SIZE)).as("same slot, another thread").isNull();
  }

  @Test
  void shouldLetTheLatestLeaseTakeACollidingSlotAndKeepItWhenTheFormerOwnerIsRemoved() {
    RingTable table = new RingTable();
    ThreadRing first = ownedBy(7);
    ThreadRing second = ownedBy(7 + RingTable.SIZE);
    table.put(first);
    table.put(second);
    assertThat(table.lookup(7)).as("evicted: its owner falls back to the ThreadLocal").isNull();
    assertThat(table.lookup(7 + RingTable.SIZE)).isSameAs(second);
    table.remove(first, 7);
    assertThat(table.lookup(7 + RingTable.SIZE)).isSameAs(second);
    table.remove(second, 7 + RingTable.SIZE);
    assertThat(table.lookup(7 + RingTable.SIZE)).isNull();
  }

  @Test
  void shouldNotAnswerForARecycledRing() {
    RingTable table = new RingTable();
    ThreadRing ring = ownedBy(9);
    table.put(ring);
    ring.release();
    assertThat(table.lookup(9)).isNull();
  }

  private ThreadRing ownedBy(long threadId) {
    ThreadRing ring = new ThreadRing(64, placement);
    ring.ownerId = threadId;
    return ring;
  }
}
