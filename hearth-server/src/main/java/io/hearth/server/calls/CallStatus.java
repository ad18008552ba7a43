package io.hearth.server.calls;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;

/**
 * The status word a call record and the metrics give a call, decided from how it ended:
 * {@code success} when the function answered; {@code timeout} when it, its container's start or
 * its image pull ran out of time; {@code rejected} when it never got to run (node too busy, body
 * too large); {@code cancelled} when its client went away; {@code error} for every other failure
 * (the record's error message says which, e.g. out of memory or the container's exit code).
 */
public final class CallStatus {
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";
  public static final String TIMEOUT = "timeout";
  public static final String REJECTED = "rejected";
  public static final String CANCELLED = "cancelled";

  private CallStatus() {}

  public static String of(CallResult result) {
    return switch (result) {
      case CallResult.Completed done -> SUCCESS;
      case CallResult.Failed failed -> of(failed.error());
    };
  }

  static String of(CallError error) {
    return switch (error) {
      case TIMED_OUT, INIT_TIMED_OUT, PULL_TIMED_OUT -> TIMEOUT;
      case TOO_BUSY, REQUEST_TOO_LARGE -> REJECTED;
      case CLIENT_GONE -> CANCELLED;
      default -> ERROR;
    };
  }
}
