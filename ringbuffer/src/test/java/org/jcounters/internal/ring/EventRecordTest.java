package org.jcounters.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two layouts of a record: what fits one word of an own ring, and that nothing is lost either way. */
class EventRecordTest {
  private static final long LARGEST_IN_A_WORD = (1L << 36) - 1;
  private static final long SMALLEST_IN_A_WORD = -(1L << 36);
  private static final int LARGEST_ID = EventRecord.MAX_IDS - 1;

  @Test
  void shouldKeepEveryPayloadOfThirtySevenBitsInOneWordAndTakeTheKindAndIdBack() {
    long[] payloads = {0, 1, -1, 42, LARGEST_IN_A_WORD, SMALLEST_IN_A_WORD, 1_000_000_000L * 68};
    for (int kind : new int[] {EventRecord.VALUE, EventRecord.OCCURRENCE, EventRecord.TIMING}) {
      for (int id : new int[] {0, 1, 12_345, LARGEST_ID}) {
        for (long payload : payloads) {
          long header = EventRecord.header(kind, id);
          assertThat(EventRecord.fitsWord(header, payload)).as("%d fits", payload).isTrue();
          long word = EventRecord.word(header, payload);
          assertThat(EventRecord.wordKind(word)).isEqualTo(kind);
          assertThat(EventRecord.wordEventId(word)).isEqualTo(id);
          assertThat(EventRecord.wordPayload(word)).isEqualTo(payload);
        }
      }
    }
  }

  @Test
  void shouldTakeTwoWordsForLargerPayloadsAndForStartsAndEndsWithTheirThread() {
    for (long payload : new long[] {LARGEST_IN_A_WORD + 1, SMALLEST_IN_A_WORD - 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(EventRecord.fitsWord(EventRecord.header(EventRecord.VALUE, 7), payload)).as("%d fits", payload).isFalse();
    }
    long threadId = (1L << 34) - 3;
    for (int kind : new int[] {EventRecord.START, EventRecord.END}) {
      long header = EventRecord.header(kind, LARGEST_ID, threadId);
      assertThat(EventRecord.fitsWord(header, 0)).isFalse();
      long wide = EventRecord.wideWord(header);
      assertThat(EventRecord.wordKind(wide)).isEqualTo(EventRecord.WIDE);
      assertThat(EventRecord.wordEventId(wide)).isEqualTo(LARGEST_ID);
      assertThat(EventRecord.wideKind(wide)).isEqualTo(kind);
      assertThat(EventRecord.wideThreadId(wide)).isEqualTo(threadId);
    }
    long wideValue = EventRecord.wideWord(EventRecord.header(EventRecord.TIMING, 3));
    assertThat(EventRecord.wideKind(wideValue)).isEqualTo(EventRecord.TIMING);
    assertThat(EventRecord.wideThreadId(wideValue)).isZero();
  }

  @Test
  void shouldCarryTheHintsInAFoldableHeaderWithoutChangingWhatTheRingsStore() {
    int hints = ListeningFlags.TAKES_DURATIONS | ListeningFlags.KEEPS_HISTOGRAM | ListeningFlags.FOLDS_FIRST;
    for (int kind : new int[] {EventRecord.VALUE, EventRecord.TIMING}) {
      long plain = EventRecord.foldableHeader(kind, LARGEST_ID, ListeningFlags.TAKES_DURATIONS);
      long hinted = EventRecord.foldableHeader(kind, LARGEST_ID, hints);
      assertThat(plain).isEqualTo(EventRecord.header(kind, LARGEST_ID));
      assertThat(hinted & EventRecord.KEEPS_HISTOGRAM).isNotZero();
      assertThat(hinted & EventRecord.FOLD_FIRST).isNotZero();
      assertThat(EventRecord.kind(hinted)).isEqualTo(kind);
      assertThat(EventRecord.eventId(hinted)).isEqualTo(LARGEST_ID);
      assertThat(EventRecord.threadId(hinted)).isZero();
      assertThat(EventRecord.fitsWord(hinted, LARGEST_IN_A_WORD)).isTrue();
      assertThat(EventRecord.word(hinted, -5)).isEqualTo(EventRecord.word(plain, -5));
      assertThat(EventRecord.wideWord(hinted)).isEqualTo(EventRecord.wideWord(plain));
    }
    long occurrence = EventRecord.occurrenceHeader(LARGEST_ID, hints);
    assertThat(occurrence & EventRecord.KEEPS_HISTOGRAM).as("an occurrence has no value for a histogram").isZero();
    assertThat(occurrence & EventRecord.FOLD_FIRST).isNotZero();
    assertThat(EventRecord.word(occurrence, 0)).isEqualTo(EventRecord.word(EventRecord.header(EventRecord.OCCURRENCE, LARGEST_ID), 0));
  }
}
