package org.jcounters.internal.ring;

/**
 * How an event is laid out in a ring. A record is a header and a payload: the header packs the kind
 * (bits 60-63), the reporting thread's id for the records of threads that are followed (START and
 * END, bits 24-57) and the event id (bits 0-23); the payload is the value (VALUE), the block's
 * duration measured by its thread (TIMING), or its clock reading (START, END).
 *
 * <p><b>Two layouts.</b> A shared ring stores a record as two {@code long}s (sixteen bytes, four a
 * cache line). A thread's own ring stores most records as one {@code long}, a <em>word</em>: kind
 * (bits 61-63), event id (bits 37-60) and the payload in bits 0-36, which holds any value from
 * -2<sup>36</sup> to 2<sup>36</sup> - 1 (±68 billion; a duration of up to 68 s). A record that does
 * not fit (a larger payload, a START or END with its thread) takes two words: a WIDE word (the
 * record's kind in bits 34-36, the low 34 bits of the thread's id) and the payload. One word a record
 * is eight records a cache line: half the lines for the producer to write and the drainer to read.
 *
 * <p>VALUE, OCCURRENCE and TIMING records can be folded into an overflow summary when a ring is
 * full; START and END cannot (they only mean something in order), and SKIP marks a slot of a shared
 * ring claimed by a producer that never published it.
 */
final class EventRecord {
  static final int VALUE = 0;
  static final int OCCURRENCE = 1;
  static final int TIMING = 2;
  static final int START = 3;
  static final int END = 4;
  static final int SKIP = 5;
  /** A word whose record continues in the next word (own rings only). */
  static final int WIDE = 7;

  /** Ids fit in 24 bits: the most event names (label sets included) an engine can hold. */
  static final int MAX_IDS = 1 << 24;
  private static final long ID_MASK = MAX_IDS - 1;
  /** The bits of a thread's id a record carries: 34, so that a WIDE word holds them with the record's kind. */
  private static final int THREAD_BITS = 34;
  static final long THREAD_MASK = (1L << THREAD_BITS) - 1;

  private EventRecord() {}

  static long header(int kind, int eventId) {
    return ((long) kind << 60) | eventId;
  }

  /**
   * A hint in a foldable header, bit 58, which own-ring words do not carry and no reader decodes: a
   * percentile counter listens, so that a producer folding the event on a full ring also records it
   * in a histogram without reading the listening flags again.
   */
  static final long KEEPS_HISTOGRAM = 1L << 58;
  private static final int HINT_SHIFT = 58 - Integer.numberOfTrailingZeros(ListeningFlags.KEEPS_HISTOGRAM);

  /**
   * A hint in a foldable header, bit 59, which own-ring words do not carry and no reader decodes:
   * {@link ListeningFlags#FOLDS_FIRST}, copied from the flags with the bit above, so that a shared
   * ring folds the event into its summary instead of taking a slot (see {@link SharedRing#publish}).
   */
  static final long FOLD_FIRST = 1L << 59;
  /** The listening flags a header carries as hints, each shifted to its bit by {@link #HINT_SHIFT}. */
  private static final int HINTS = ListeningFlags.KEEPS_HISTOGRAM | ListeningFlags.FOLDS_FIRST;

  /** A VALUE or TIMING header, with the {@link #KEEPS_HISTOGRAM} and {@link #FOLD_FIRST} hints that {@code listening} (the id's {@link ListeningFlags}) gives. */
  static long foldableHeader(int kind, int eventId, int listening) {
    long hints = (long) (listening & HINTS) << HINT_SHIFT; // no branch on the hot path
    return ((long) kind << 60) | hints | eventId;
  }

  /** An OCCURRENCE header, with the {@link #FOLD_FIRST} hint that {@code listening} gives (an occurrence has no value to keep in a histogram). */
  static long occurrenceHeader(int eventId, int listening) {
    long hint = (long) (listening & ListeningFlags.FOLDS_FIRST) << HINT_SHIFT;
    return ((long) OCCURRENCE << 60) | hint | eventId;
  }

  /** A START or END header, carrying the low 34 bits of the thread's id (17 billion threads apart before two collide). */
  static long header(int kind, int eventId, long threadId) {
    return ((long) kind << 60) | ((threadId & THREAD_MASK) << 24) | eventId;
  }

  static int kind(long header) {
    return (int) (header >>> 60);
  }

  static int eventId(long header) {
    return (int) (header & ID_MASK);
  }

  static long threadId(long header) {
    return (header >>> 24) & THREAD_MASK;
  }

  // ------------------------------------------------------------------ words (own rings)

  private static final int WORD_PAYLOAD_BITS = 37;
  private static final long WORD_PAYLOAD_MASK = (1L << WORD_PAYLOAD_BITS) - 1;
  /** The header bits a word cannot carry: the thread's id of START and END. */
  private static final long HEADER_THREAD_BITS = THREAD_MASK << 24;

  /** Whether the record ({@code header}, {@code payload}) fits one word. */
  static boolean fitsWord(long header, long payload) {
    return (header & HEADER_THREAD_BITS) == 0 && wordPayload(payload) == payload;
  }

  /** The one word of a record that {@link #fitsWord fits}. */
  static long word(long header, long payload) {
    return ((long) kind(header) << 61) | ((long) eventId(header) << WORD_PAYLOAD_BITS) | (payload & WORD_PAYLOAD_MASK);
  }

  /** The first of the two words of a record that does not fit one; the payload is the second. */
  static long wideWord(long header) {
    long kindAndThread = ((long) kind(header) << THREAD_BITS) | threadId(header);
    return ((long) WIDE << 61) | ((long) eventId(header) << WORD_PAYLOAD_BITS) | kindAndThread;
  }

  static int wordKind(long word) {
    return (int) (word >>> 61);
  }

  static int wordEventId(long word) {
    return (int) ((word >>> WORD_PAYLOAD_BITS) & ID_MASK);
  }

  /** The payload of a one-word record, sign-extended. */
  static long wordPayload(long word) {
    return (word << (64 - WORD_PAYLOAD_BITS)) >> (64 - WORD_PAYLOAD_BITS);
  }

  /** The kind of the record a WIDE word starts. */
  static int wideKind(long word) {
    return (int) ((word >>> THREAD_BITS) & 7);
  }

  /** The thread id (its low 34 bits) of the record a WIDE word starts. */
  static long wideThreadId(long word) {
    return word & THREAD_MASK;
  }

  /** Whether a record of this kind can be folded into an overflow summary. */
  static boolean foldable(int kind) {
    return kind <= TIMING;
  }

  /** The key of an (event id, kind) pair in overflow tables: {@code id << 2 | kind} (tables store it plus one, 0 meaning free). */
  static int foldKey(int kind, int eventId) {
    return (eventId << 2) | kind;
  }

  static int keyKind(int key) {
    return key & 3;
  }

  static int keyId(int key) {
    return key >>> 2;
  }
}
