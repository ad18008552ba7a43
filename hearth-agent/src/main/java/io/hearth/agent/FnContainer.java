package io.hearth.agent;

import io.hearth.core.pool.PoolContainer;

/**
 * One of a function's containers as a status page shows it: the engine's name for it and the
 * pool's account of it.
 *
 * @param engineId the engine's container id, or null until the engine created it
 * @param name     the container's name, or null when the shell no longer tracks it (being removed)
 */
public record FnContainer(String engineId, String name, PoolContainer pool) {}
