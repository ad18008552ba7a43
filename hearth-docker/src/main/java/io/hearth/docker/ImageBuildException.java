package io.hearth.docker;

/** Building an image failed; the message says at which step and carries the builder's own words. */
public final class ImageBuildException extends RuntimeException {
  public ImageBuildException(String message) {
    super(message);
  }

  public ImageBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
