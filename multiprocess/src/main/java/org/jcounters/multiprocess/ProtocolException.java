package org.jcounters.multiprocess;

import java.io.IOException;

/**
 * A peer broke the protocol: bad magic, unknown version, oversized or truncated frame, malformed JSON,
 * an unknown or unexpected message type, a failed authentication. The connection it arrived on is
 * closed with this message as the logged reason; nothing else is affected.
 */
final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String reason) {
    super(reason);
  }

  ProtocolException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
