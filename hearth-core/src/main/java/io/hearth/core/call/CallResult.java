package io.hearth.core.call;

/** How a call ended. */
public sealed interface CallResult {

  /** What the container wrote to stdout and stderr during the call; read it when writing the record. */
  CallOutput output();

  /** The call's log as text now (see {@link CallOutput} on when it is complete). */
  default String log() {
    return output().text();
  }

  Timings timings();

  /** Whether the node that ran the call records it itself (see {@link CallOutput#recordedElsewhere}). */
  default boolean recordedElsewhere() {
    return output().recordedElsewhere();
  }

  /** The function answered and its response was streamed to the sink. */
  record Completed(int status, Timings timings, CallOutput output) implements CallResult {}

  /**
   * The call failed. When {@code committed} is false nothing was sent to the client yet, and the
   * HTTP layer answers {@code status} with {@code message}; otherwise the response was cut short.
   */
  record Failed(CallError error, String message, boolean committed, Timings timings, CallOutput output)
      implements CallResult {
    public int status() {
      return error.status();
    }
  }

  /**
   * Where the time went, in nanoseconds.
   *
   * @param queueNanos waiting for a container (including starting one)
   * @param initNanos  starting a container for this call, 0 when a warm one served it
   * @param execNanos  sending the call and streaming the answer
   */
  record Timings(long queueNanos, long initNanos, long execNanos) {
    public boolean cold() {
      return initNanos > 0;
    }
  }
}
