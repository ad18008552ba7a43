package io.hearth.agent;

/**
 * Freezes and thaws every process of a container, so an idle warm container uses no CPU. Both
 * block until done (call them from a virtual thread), are idempotent, and throw
 * {@link io.hearth.core.driver.DriverException} when the container is gone or will not freeze.
 *
 * <p>Never mix implementations on one container: a container frozen through its cgroup is not
 * "paused" to the engine, which then refuses to unpause it (and, with cgroup v1, to pause it).
 * Before killing or removing a frozen container, thaw it: it is cheap, and a SIGKILL does not end a
 * process in a frozen cgroup v1 until it is thawed, so the kill then depends on the runtime
 * thawing it (runc does since opencontainers/runc#3217; docs/freezing.md). {@link Freezers} picks
 * the implementation for the node.
 */
public interface Freezer {

  void freeze(String containerId);

  void thaw(String containerId);
}
