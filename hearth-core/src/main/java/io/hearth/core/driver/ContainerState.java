package io.hearth.core.driver;

/**
 * What the engine says about a container.
 *
 * @param running   the process is running (paused counts as running)
 * @param paused    the container is frozen
 * @param exitCode  exit code once it has stopped, else 0
 * @param oomKilled killed by the kernel for memory
 * @param error     the engine's error text, or empty
 */
public record ContainerState(boolean running, boolean paused, int exitCode, boolean oomKilled, String error) {

  public static ContainerState gone() {
    return new ContainerState(false, false, -1, false, "no such container");
  }
}
