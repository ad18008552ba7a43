package io.hearth.core.job;

/**
 * How a job may be run.
 *
 * @param preemptible     whether it may run on a preemptible node class (it must match exactly)
 * @param maxRunTimeSecs  how long one attempt may run before it is killed and the job cancelled; 0: no limit
 * @param maxAttempts     how many attempts it gets in all, 1..{@value #MAX_ATTEMPTS}: a cancelled attempt (a lost
 *                        node, a reclaimed lease) is followed by another while attempts remain
 * @throws IllegalArgumentException naming the field (as the API spells it) that is out of range
 */
public record Scheduling(boolean preemptible, long maxRunTimeSecs, int maxAttempts) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** A bound on retries of one job, so a job that kills its nodes cannot hold the queue forever. */
  public static final int MAX_ATTEMPTS = 100;
  /** Not preemptible, no run-time limit, {@value #DEFAULT_MAX_ATTEMPTS} attempts. */
  public static final Scheduling DEFAULT = new Scheduling(false, 0, DEFAULT_MAX_ATTEMPTS);

  public Scheduling {
    if (maxRunTimeSecs < 0) {
      throw new IllegalArgumentException(
          "scheduling.max_run_time_secs must not be negative (0 means no limit), got " + maxRunTimeSecs);
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "scheduling.max_attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + maxAttempts);
    }
  }

  /** Whether attempts are bounded in time. */
  public boolean hasRunTimeLimit() {
    return maxRunTimeSecs > 0;
  }
}
