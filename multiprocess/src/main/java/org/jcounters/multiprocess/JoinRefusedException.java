package org.jcounters.multiprocess;

import java.io.IOException;

/**
 * A JCounters leader answered but will not take this node: it sent a {@code reject} (wrong secret,
 * node limit reached, shutting down), or the two disagree about the shared secret. Unlike silence or
 * garbage on the port, this proves a leader of the group is there, so the election must not go and
 * lead on a worse address and split the group in two.
 */
final class JoinRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  JoinRefusedException(String reason) {
    super(reason);
  }
}
