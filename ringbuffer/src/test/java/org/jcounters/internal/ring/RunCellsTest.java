package org.jcounters.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a thread's events go while its ring is full: two keys in turn take the two run cells, a third the summary's table. */
class RunCellsTest {
  private static final int CAPACITY = 64;

  private final RingPlacement placement = TestRings.placement(CAPACITY); // its drainer never runs: the ring stays full
  private final ThreadRing ring = new ThreadRing(CAPACITY, placement);
  private final long[] headers = {header(1), header(2), header(3)};
  private final long[] folded = new long[3];

  @Test
  void shouldFoldTwoKeysInTurnIntoTheRunCellsAndOnlyAThirdIntoTheTable() {
    for (int i = 0; i <= CAPACITY; i++) {
      ring.publish(headers[0], 1); // the event after the last slot finds the ring full and folds into the table
    }
    folded[0]++;
    long tableFolds = ring.overflow().tableFolds();

    for (int i = 0; i < 1_000; i++) {
      publishFolded(i & 1, i);
    }
    assertThat(ring.overflow().tableFolds()).as("two keys in turn: a run cell each").isEqualTo(tableFolds);

    for (int i = 0; i < 999; i++) {
      publishFolded(i % 3, i);
    }
    assertThat(ring.overflow().tableFolds() - tableFolds).as("three keys in turn: one has no run cell").isEqualTo(333);

    Map<Integer, Long> counts = new HashMap<>();
    ring.overflow().drainTo((key, count, sum, min, max) -> counts.merge(key, count, Long::sum));
    for (int k = 0; k < 3; k++) {
      assertThat(counts.get(EventRecord.foldKey(EventRecord.VALUE, k + 1))).as("key " + k).isEqualTo(folded[k]);
    }
    assertThat(ring.dropped()).isZero();
  }

  private void publishFolded(int key, long value) {
    ring.publish(headers[key], value);
    folded[key]++;
  }

  private static long header(int id) {
    return EventRecord.foldableHeader(EventRecord.VALUE, id, ListeningFlags.KNOWN | ListeningFlags.TAKES_DURATIONS);
  }
}
