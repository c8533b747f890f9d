package org.jcounters.multiprocess;

import java.io.IOException;

/**
 * A peer broke the protocol: bad magic, unknown version, oversized or truncated frame, malformed JSON,
 * an unknown or unexpected message type, a failed authentication. The connection it arrived on is
 * closed with this message as the logged reason; nothing else is affected.
 */
class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String reason) {
    super(reason);
  }

  ProtocolException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * A JCounters peer speaking another protocol version: not a stranger (the group is there), but one this
   * process cannot talk to. Both sides log it clearly; an election does not lead on a worse address because of it.
   */
  static final class VersionMismatch extends ProtocolException {
    private static final long serialVersionUID = 1L;
    private final int version;

    VersionMismatch(int version) {
      super("the peer speaks protocol version " + version + ", this process speaks " + FrameCodec.VERSION
          + ": every process of a group must run the same protocol version");
      this.version = version;
    }

    /** The version the peer announced. */
    int version() {
      return version;
    }
  }
}
