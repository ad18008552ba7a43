package io.hearth.agent;

import io.hearth.core.call.CallError;

/** A call failed before anything was sent to its client; carried up to {@link Agent#call}. */
final class CallFailure extends Exception {
  final CallError error;

  CallFailure(CallError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }
}
