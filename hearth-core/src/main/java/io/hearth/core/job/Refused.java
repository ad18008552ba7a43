package io.hearth.core.job;

import java.util.Objects;

/**
 * A change the job rules do not allow, with the message for the person who asked.
 *
 * @param kind    {@link Kind#CONFLICT} when the job's state does not allow it (the API's 409), {@link
 *                Kind#FORBIDDEN} when someone other than the locker tried it (403)
 * @param message e.g. {@code cannot change from complete to running}
 */
public record Refused(Kind kind, String message) implements Transition, Unlock, Retry {

  public enum Kind {
    CONFLICT,
    FORBIDDEN
  }

  public Refused {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static Refused conflict(String message) {
    return new Refused(Kind.CONFLICT, message);
  }

  public static Refused forbidden(String message) {
    return new Refused(Kind.FORBIDDEN, message);
  }

  /** The refusal of any change the state machine has no edge for. */
  public static Refused cannotChange(JobState from, JobState to) {
    return conflict("cannot change from " + from.wire() + " to " + to.wire());
  }
}
