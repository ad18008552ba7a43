package io.hearth.core.driver;

/** A container engine operation failed. The message is written for the person running Hearth. */
public final class DriverException extends RuntimeException {

  /** What kind of failure, so callers can map it to the right status. */
  public enum Kind {
    /** The image is not on the node and could not be pulled. */
    IMAGE_NOT_FOUND,
    /** Pulling the image took longer than allowed. */
    IMAGE_PULL_TIMEOUT,
    /** The container does not exist (any more). */
    NO_SUCH_CONTAINER,
    /** The engine does not answer. */
    ENGINE_UNAVAILABLE,
    /** Anything else the engine refused. */
    FAILED
  }

  private final Kind kind;

  public DriverException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public DriverException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
