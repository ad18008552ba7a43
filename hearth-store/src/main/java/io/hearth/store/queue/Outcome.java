package io.hearth.store.queue;

import java.util.Objects;

/**
 * How one attempt of a call ended, to be kept with it.
 *
 * @param state   {@code success}, {@code error} or {@code timeout}
 * @param status  the function's status, or null when it never answered
 * @param headers its headers (JSON), or null
 * @param body    its body, already cut to the server's limit, or null
 * @param error   why it failed, or null
 */
public record Outcome(String state, Integer status, String headers, byte[] body, String error) {
  public Outcome {
    Objects.requireNonNull(state, "state");
    if (!QueuedCall.FINAL.contains(state)) {
      throw new IllegalArgumentException("an outcome is final: success, error or timeout, not " + state);
    }
    error = QueuedCall.cut(error);
  }

  public static Outcome failed(String error) {
    return new Outcome(QueuedCall.ERROR, null, null, null, error);
  }
}
