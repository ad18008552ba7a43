package io.hearth.runner;

import io.hearth.agent.Admission;
import io.hearth.agent.Agent;
import io.hearth.core.status.NodeStatus;
import io.hearth.agent.Ticket;
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
   * Admits a call as {@link Agent#admit} does, at once and without reading its body: a call refused
   * for room ({@code TOO_BUSY}, {@code TOO_BIG}) is the lb's to place elsewhere; an admitted one is
   * this runner's (committed).
   */
  Admission admit(CallRequest request);

  /** Runs an admitted call as {@link Agent#run} does. */
  CallResult run(Ticket ticket, ResponseSink sink);

  NodeStatus status();

  static LocalAgent of(Agent agent) {
    return new LocalAgent() {
      @Override
      public Admission admit(CallRequest request) {
        return agent.admit(request);
      }

      @Override
      public CallResult run(Ticket ticket, ResponseSink sink) {
        return agent.run(ticket, sink);
      }

      @Override
      public NodeStatus status() {
        return agent.status();
      }
    };
  }
}
