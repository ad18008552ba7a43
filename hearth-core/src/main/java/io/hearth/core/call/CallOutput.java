package io.hearth.core.call;

/**
 * What a container wrote during one call, bounded. Read it a little after the call ended: output
 * can trail the response by a few milliseconds, and the capture keeps taking it for a short while.
 */
@FunctionalInterface
public interface CallOutput {
  String text();

  CallOutput NONE = () -> "";
}
