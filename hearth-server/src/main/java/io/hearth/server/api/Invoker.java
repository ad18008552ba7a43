package io.hearth.server.api;

import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;

/**
 * Runs one call and streams its answer, as the agent's {@code call} does: the local agent on an
 * all-in-one node, placement on runners on an lb ({@code io.hearth.lb.LbCaller#call}).
 */
@FunctionalInterface
public interface Invoker {
  CallResult call(CallRequest request, ResponseSink sink);
}
