package org.jcounters.ring;

/**
 * How an event is laid out in a ring slot: two {@code long}s. The first packs the event kind (high
 * 32 bits) and the event id (low 32 bits); the second is the value of a VALUE event, or the
 * producer's clock reading for START and END. Sixteen bytes a slot, four slots a cache line.
 */
public final class EventRecord {
  public static final int VALUE = 0;
  public static final int START = 1;
  public static final int END = 2;
  public static final int OCCURRENCE = 3;

  private EventRecord() {}

  public static long header(int kind, int eventId) {
    return ((long) kind << 32) | (eventId & 0xFFFF_FFFFL);
  }

  public static int kind(long header) {
    return (int) (header >>> 32);
  }

  public static int eventId(long header) {
    return (int) header;
  }
}
