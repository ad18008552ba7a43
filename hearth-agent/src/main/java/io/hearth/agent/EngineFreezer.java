package io.hearth.agent;

import io.hearth.core.driver.ContainerDriver;

/**
 * Freezes through the container engine ({@code docker pause} / {@code unpause}): the engine knows
 * the container is paused, and its kill and remove handle that. Slower than the cgroup freezer by
 * the engine round trip (docs/freezing.md). Stateless; thread-safe as the driver is.
 */
final class EngineFreezer implements Freezer {
  private final ContainerDriver driver;

  EngineFreezer(ContainerDriver driver) {
    this.driver = driver;
  }

  @Override
  public void freeze(String containerId) {
    driver.pause(containerId);
  }

  @Override
  public void thaw(String containerId) {
    driver.unpause(containerId);
  }

  @Override
  public String toString() {
    return "the engine's pause/unpause";
  }
}
