package io.hearth.core.call;

/**
 * What a container wrote during one call, bounded. Read it a little after the call ended: output
 * can trail the response by a few milliseconds, and the capture keeps taking it for a short while.
 */
@FunctionalInterface
public interface CallOutput {
  String text();

  CallOutput NONE = () -> "";

  /**
   * Whether the node that ran the call records it itself, with its log: whoever holds this result
   * must then not record it again (an lb whose runner shares the datastore with the api nodes).
   */
  default boolean recordedElsewhere() {
    return false;
  }

  /** The output of a call that the node which ran it records itself, with its log; none of it is here. */
  record RecordedElsewhere() implements CallOutput {
    @Override
    public String text() {
      return "";
    }

    @Override
    public boolean recordedElsewhere() {
      return true;
    }
  }
}
