package io.hearth.server.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the front door reports what it cannot answer a client about: a client that hung up mid
 * answer (its own doing: one INFO line, no stack trace) and a failure that is Hearth's (ERROR with
 * the stack trace, the client told only that the log has it). A seam so tests can see which.
 */
interface FailureLog {
  void hangup(String method, String path, String why);

  void internal(String method, String path, Throwable failure);

  /** The node's log. */
  static FailureLog slf4j() {
    Logger log = LoggerFactory.getLogger(ApiHandler.class);
    return new FailureLog() {
      @Override
      public void hangup(String method, String path, String why) {
        log.info("{} {}: the client hung up before its answer was sent ({})", method, path, why);
      }

      @Override
      public void internal(String method, String path, Throwable failure) {
        log.error("{} {} failed", method, path, failure);
      }
    };
  }

  /**
   * Whether {@code failure} is the client's connection gone while it was being answered: Jetty's
   * end-of-file on a write, a closed channel, a reset or a broken pipe anywhere in its causes.
   */
  static boolean isHangup(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EofException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof IOException && t.getMessage() != null) {
        String m = t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("broken pipe") || m.contains("connection reset")) {
          return true;
        }
      }
    }
    return false;
  }
}
