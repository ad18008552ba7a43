package io.hearth.core.job;

import java.util.Locale;

/**
 * Where a job is in its life (SEMANTICS.md A): queued, waiting its turn; locked by one dispatcher
 * that means to start it; running in a lease on a node; complete (its container exited, whatever
 * the exit code) or cancelled. Complete and cancelled are final.
 */
public enum JobState {
  QUEUED,
  LOCKED,
  RUNNING,
  COMPLETE,
  CANCELLED;

  /** Whether the job is over: complete or cancelled. */
  public boolean isFinal() {
    return this == COMPLETE || this == CANCELLED;
  }

  /** The word kept in the store and shown by the API, e.g. {@code queued}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state a word names.
   *
   * @throws IllegalArgumentException naming the words there are, when it names none
   */
  public static JobState ofWire(String word) {
    for (JobState s : values()) {
      if (s.wire().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown job state '" + word + "': use queued, locked, running, complete or cancelled");
  }
}
