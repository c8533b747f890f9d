package org.jcounters.multiprocess;

import java.io.IOException;

/**
 * No leader could be joined and no address could be taken within the configured timeout. The message
 * names the role, each address and the last reason it failed (refused, no answer, wrong secret, in use).
 */
public final class ElectionException extends IOException {
  private static final long serialVersionUID = 1L;

  ElectionException(String message) {
    super(message);
  }
}
