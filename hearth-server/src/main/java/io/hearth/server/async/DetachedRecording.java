package io.hearth.server.async;

import io.hearth.core.call.CallResult;
import io.hearth.core.time.Clock;
import io.hearth.server.api.InvokeApi;
import io.hearth.server.calls.CallStatus;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.Outcome;
import io.hearth.store.queue.QueuedCall;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detached call's record in the queue: written (running on this node) before the call starts,
 * so before its 202, and ended when the call ends; a node that restarts ends the ones it left
 * ({@link AsyncCalls#start}). A datastore that cannot take the record refuses the call (503)
 * rather than acknowledge what it could lose.
 */
final class DetachedRecording implements InvokeApi.Detacher {
  private static final Logger log = LoggerFactory.getLogger(DetachedRecording.class);

  private final InvokeApi.Detacher inner;
  private final CallQueue queue;
  private final String nodeId;
  private final Clock clock;
  private final java.time.Duration lease;

  DetachedRecording(InvokeApi.Detacher inner, CallQueue queue, String nodeId, Clock clock, java.time.Duration lease) {
    this.lease = lease;
    this.inner = inner;
    this.queue = queue;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  @Override
  public Optional<CallResult.Failed> start(io.hearth.core.call.CallRequest request,
      java.util.function.Consumer<CallResult> onEnd) {
    queue.recordDetached(QueuedCall.detached(request.callId(), request.app().id(), request.fn().id(), nodeId,
        clock.instant(), "[]", clock.instant().plus(lease))); // renewed by AsyncCalls while this node lives
    Optional<CallResult.Failed> refused = inner.start(request, result -> {
      end(request.callId(), result);
      onEnd.accept(result);
    });
    refused.ifPresent(failed -> end(request.callId(), failed));
    return refused;
  }

  private void end(String callId, CallResult result) {
    String status = CallStatus.of(result);
    String state = CallStatus.SUCCESS.equals(status) ? QueuedCall.SUCCESS
        : CallStatus.TIMEOUT.equals(status) ? QueuedCall.TIMEOUT : QueuedCall.ERROR;
    Integer code = result instanceof CallResult.Completed done ? done.status() : ((CallResult.Failed) result).status();
    String error = result instanceof CallResult.Failed failed ? failed.message() : null;
    try {
      queue.finish(callId, nodeId, 1, new Outcome(state, code, null, null, error), clock.instant());
    } catch (RuntimeException e) {
      log.warn("could not end the queue record of detached call {} ({}); its call record says how it ended",
          callId, e.getMessage());
    }
  }
}
