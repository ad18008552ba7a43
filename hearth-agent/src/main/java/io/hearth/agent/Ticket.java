package io.hearth.agent;

/**
 * An admitted call, as {@link Agent#admit} hands it out: give it back to the same agent's
 * {@link Agent#run}, exactly once. Opaque; other implementations are for tests of the agent's
 * callers.
 */
public interface Ticket {
  /** The call's id. */
  String callId();
}
