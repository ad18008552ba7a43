package io.hearth.runner;

import io.hearth.agent.Agent;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.status.NodeStatus;

/**
 * What a runner runs calls on: the node agent, in non-blocking mode so that a full node refuses at
 * once instead of queueing. Tests give the runner service a fake.
 */
public interface LocalAgent {

  /**
   * Runs a call as {@link Agent#call} does. The request body is read only once a container is the
   * call's: a call refused for room ({@code TOO_BUSY}, {@code TOO_BIG}) never reads it.
   */
  CallResult call(CallRequest request, ResponseSink sink);

  NodeStatus status();

  static LocalAgent of(Agent agent) {
    return new LocalAgent() {
      @Override
      public CallResult call(CallRequest request, ResponseSink sink) {
        return agent.call(request, sink);
      }

      @Override
      public NodeStatus status() {
        return agent.status();
      }
    };
  }
}
