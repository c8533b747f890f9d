package org.jcounters.internal.ring;

/**
 * How an event is laid out in a ring slot: two {@code long}s, sixteen bytes, four slots a cache
 * line. The header packs the kind (bits 60-63), the reporting thread's id for the records of
 * threads that are followed (START and END, bits 24-59) and the event id (bits 0-23); the payload is
 * the value (VALUE), the block's duration measured by its thread (TIMING), or its clock reading
 * (START, END).
 *
 * <p>VALUE, OCCURRENCE and TIMING records can be folded into an overflow summary when a ring is
 * full; START and END cannot (they only mean something in order), and SKIP marks a slot claimed by
 * a producer that never published it.
 */
final class EventRecord {
  static final int VALUE = 0;
  static final int OCCURRENCE = 1;
  static final int TIMING = 2;
  static final int START = 3;
  static final int END = 4;
  static final int SKIP = 5;

  /** Ids fit in 24 bits: the most event names (label sets included) an engine can hold. */
  static final int MAX_IDS = 1 << 24;
  private static final long ID_MASK = MAX_IDS - 1;
  private static final long THREAD_MASK = (1L << 36) - 1;

  private EventRecord() {}

  static long header(int kind, int eventId) {
    return ((long) kind << 60) | eventId;
  }

  /** A START or END header, carrying the low 36 bits of the thread's id (68 billion threads apart before two collide). */
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
