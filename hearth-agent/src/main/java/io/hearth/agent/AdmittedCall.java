package io.hearth.agent;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's {@link Ticket}: an admitted call between {@link Agent#admit} and {@link Agent#run} —
 * the pool's id for it, what it is given (completed by the agent when the pool assigns or refuses
 * it, or when its client goes away), and when it arrived.
 */
final class AdmittedCall implements Ticket {
  final long call;
  final CallRequest request;
  final CompletableFuture<Assignment> assigned;
  final long arrivedNanos;

  AdmittedCall(long call, CallRequest request, CompletableFuture<Assignment> assigned, long arrivedNanos) {
    this.call = call;
    this.request = request;
    this.assigned = assigned;
    this.arrivedNanos = arrivedNanos;
  }

  @Override
  public String callId() {
    return request.callId();
  }

  /** What a waiting call is given: a container, or the reason it cannot have one. */
  sealed interface Assignment {
    record Container(FunctionContainer container, boolean cold) implements Assignment {}

    record Refused(CallError error, String message) implements Assignment {}

    /** The client went away while the call waited. */
    record Abandoned() implements Assignment {}
  }
}
