package io.hearth.core.job;

import java.util.Locale;

/**
 * Where one attempt of a job is: running (its container was started), complete (it exited) or
 * cancelled (killed, lost with its node or lease, or given up). An attempt is recorded when its
 * container starts, so it is never started twice.
 */
public enum AttemptState {
  RUNNING,
  COMPLETE,
  CANCELLED;

  public boolean isFinal() {
    return this != RUNNING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the words there are, when it names none */
  public static AttemptState ofWire(String word) {
    for (AttemptState s : values()) {
      if (s.wire().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown attempt state '" + word + "': use running, complete or cancelled");
  }
}
