package io.hearth.store.leases;

import java.util.Locale;

/** Where an exec is in its life, as stored. Succeeded, failed and killed are final. */
public enum ExecState {
  /** Made, its container not started yet. */
  PENDING,
  /** Its container is running. */
  RUNNING,
  /** Its container exited with code 0. */
  SUCCEEDED,
  /** Its container exited with another code, ran out of memory, or could not be started. */
  FAILED,
  /** Stopped by Hearth: its alloc was freed or reclaimed, or it ran past its timeout. */
  KILLED;

  /** Whether the exec is over. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == KILLED;
  }

  /** The word kept in the {@code state} column and shown by the API, e.g. {@code running}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state a word names.
   *
   * @throws IllegalArgumentException naming the words there are, when it names none
   */
  public static ExecState ofWire(String word) {
    for (ExecState s : values()) {
      if (s.wire().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown exec state '" + word + "': use pending, running, succeeded, failed or killed");
  }
}
