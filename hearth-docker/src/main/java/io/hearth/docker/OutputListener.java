package io.hearth.docker;

/**
 * Receives what a container writes to stdout and stderr, as it arrives. Called on the follower's
 * virtual thread, one piece at a time and in order; it must be quick and must not block, because the
 * engine copies a container's output to its attached clients before it reads more: a stalled
 * listener stalls the container's writes.
 */
@FunctionalInterface
public interface OutputListener {

  /**
   * A piece of output. {@code buffer} is reused for the next piece: copy what you keep.
   *
   * @param stream {@link LogFrames#STDOUT} or {@link LogFrames#STDERR}
   */
  void output(int stream, byte[] buffer, int offset, int length);

  /**
   * The stream ended: the container exited (its output all delivered), or the follower was
   * closed, or the connection to the engine broke ({@code failure} not null). Called once.
   */
  default void ended(Exception failure) {}
}
