package io.hearth.agent;

/**
 * What the agent shows of one container.
 *
 * @param calls how many calls it has served
 */
public record ContainerView(String id, String name, String fnId, boolean idle, int calls) {}
