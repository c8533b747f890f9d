package org.jcounters.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SingleProducerSequencer;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;
import org.openjdk.jol.info.GraphLayout;
import org.junit.jupiter.api.Test;

/** What a ring costs in memory, and that what producer and drainer write sits on lines of its own. */
class ThreadRingLayoutTest {
  private static final int CACHE_LINE = 64;

  static {
    // The placement holds lambdas (hidden classes), whose field offsets JOL can only get this way.
    System.setProperty("jol.magicFieldOffset", "true");
  }

  @Test
  void shouldCostEightBytesASlotPlusWhatTheBudgetCountsForItsOverflowAndSequences() {
    int capacity = 1 << 12; // the engine's default
    RingPlacement placement = TestRings.placement(capacity);
    ThreadRing ring = new ThreadRing(capacity, placement);
    long bytes = GraphLayout.parseInstance(ring).totalSize() - GraphLayout.parseInstance(placement).totalSize();
    System.out.printf("one ring of %,d slots: %,d bytes (%,d of slots, %,d of overflow summary, sequences and bookkeeping)%n",
        capacity, bytes, 8L * capacity, bytes - 8L * capacity);
    assertThat(bytes).isBetween(8L * capacity, 8L * capacity + ThreadRing.OVERHEAD_BYTES);
  }

  @Test
  void shouldPadEverySequenceValueOnBothSides() {
    assertPadded(Sequence.class, "value");
    assertPadded(SingleProducerSequencer.class, "nextValue");
    assertPadded(SingleProducerSequencer.class, "cachedValue");
  }

  private static void assertPadded(Class<?> type, String field) {
    ClassLayout layout = ClassLayout.parseClass(type);
    FieldLayout value = layout.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow();
    long before = value.offset() - layout.headerSize();
    long after = layout.instanceSize() - (value.offset() + value.size());
    assertThat(before).as(type.getSimpleName() + "." + field + ": bytes of padding before").isGreaterThanOrEqualTo(CACHE_LINE - 8);
    assertThat(after).as(type.getSimpleName() + "." + field + ": bytes of padding after").isGreaterThanOrEqualTo(CACHE_LINE - 8);
  }
}
