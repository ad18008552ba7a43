package io.hearth.core.driver;

/**
 * Receives a container's stdout and stderr, interleaved as its engine logged them, from {@link
 * ContainerDriver#followLog}. Called on the driver's thread, one piece at a time and in order.
 */
@FunctionalInterface
public interface LogSink {

  /** A piece of output; {@code buffer} is reused for the next piece, so copy what you keep. */
  void output(byte[] buffer, int offset, int length);

  /**
   * The log ended: the container stopped and everything it wrote was delivered, or the handle was
   * closed, or the connection to the engine broke ({@code failure} not null). Called once.
   */
  default void ended(Exception failure) {}
}
