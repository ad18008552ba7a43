package io.hearth.store.calls;

import java.util.Objects;

/**
 * A call record to insert, with what its container wrote while it ran.
 *
 * @param log the call's output, "" when there was none; cut to {@value #MAX_LOG_CHARS} characters
 */
public record NewCall(CallRecord call, String log) {

  /** H2's longest character string; the server bounds logs well below it. */
  public static final int MAX_LOG_CHARS = 1_000_000;

  public NewCall {
    Objects.requireNonNull(call, "call");
    log = log == null ? "" : log;
    if (log.length() > MAX_LOG_CHARS) {
      log = log.substring(0, MAX_LOG_CHARS);
    }
  }
}
