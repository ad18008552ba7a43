package io.hearth.agent;

/**
 * Follows what a container writes to stdout and stderr into its {@link CallLog}, from before it
 * starts until it exits. The Docker driver's attach stream is one; tests may use none.
 */
@FunctionalInterface
public interface ContainerOutput {
  /** Starts following; closing the handle stops it. Called after create and before start. */
  AutoCloseable follow(String containerId, CallLog log);

  /** Captures nothing: calls' logs are empty. */
  ContainerOutput NONE = (id, log) -> () -> {};
}
