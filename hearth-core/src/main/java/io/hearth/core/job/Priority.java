package io.hearth.core.job;

/**
 * How much a job is wanted: 0..1000, higher first; {@value #DEFAULT} unless asked; 0 holds it (a
 * queued job at 0 is never locked; a locked one is unlocked; a running one is killed).
 *
 * @throws IllegalArgumentException naming the field {@code priority} when out of range
 */
public record Priority(int value) implements Comparable<Priority> {

  public static final int MIN = 0;
  public static final int MAX = 1000;
  public static final int DEFAULT = 500;
  public static final Priority DEFAULT_PRIORITY = new Priority(DEFAULT);
  public static final Priority HOLD = new Priority(0);

  public Priority {
    if (value < MIN || value > MAX) {
      throw new IllegalArgumentException(
          "priority must be between 0 and 1000 (0 holds the job), got " + value);
    }
  }

  public static Priority of(int value) {
    return new Priority(value);
  }

  /** Whether nobody wants it now: priority 0. */
  public boolean onHold() {
    return value == 0;
  }

  @Override
  public int compareTo(Priority other) {
    return Integer.compare(value, other.value);
  }
}
