package io.hearth.protocol;

import io.hearth.core.call.Headers;
import java.util.Objects;

/** What a runner sends back on a call's stream. */
public sealed interface FromRunner {

  /**
   * The call is this runner's now: the lb stops trying others and may drop the request body.
   *
   * @param recording whether the runner writes the call's record (with its log) to the datastore
   *                  it shares with the api nodes; when false the lb records the call, without a log
   */
  record Committed(boolean recording) implements FromRunner {}

  /** The runner did not take the call and never will: the lb tries another runner. */
  record Refused(Reason reason, String message) implements FromRunner {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a runner refused a call. */
  enum Reason {
    /** no room now, and nothing idle to evict (non-blocking admission) */
    BUSY,
    /** the function asks more memory or CPU than this runner has in all */
    TOO_BIG,
    /** the runner is stopping: it finishes its calls and takes no new ones */
    DRAINING,
    /** the lb and the runner speak different versions of the protocol */
    VERSION
  }

  /** The function's answer begins (only for a function's successful answer). */
  record ResponseStart(int status, Headers headers, long contentLength) implements FromRunner {}

  /** A piece of the response body. */
  record ResponseChunk(byte[] bytes) implements FromRunner {}

  /**
   * The call ended. Timings are in nanoseconds, as the agent measured them.
   *
   * @param error    the agent's {@code CallError} name, or "" when the call completed
   * @param cutShort whether the failure came after the response had started
   */
  record Finished(int status, String error, String message, boolean cutShort, long queueNanos, long initNanos,
      long execNanos) implements FromRunner {
    public Finished {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }
}
