package io.hearth.server.jobs;

import java.time.Duration;

/**
 * What a dispatcher tells the node's metrics as it works (the queue's depth by state is read from
 * the store at scrape time, not told). Implemented by {@code io.hearth.server.metrics.JobFamilies},
 * which {@code HearthMetrics.jobs} registers; {@link #NONE} where no metrics are kept. Every method
 * returns at once and is thread-safe.
 */
public interface JobMetrics {

  /** How an attempt ended, as the {@code outcome} label says it. */
  enum Outcome {
    /** Complete with exit code 0. */
    SUCCEEDED("succeeded"),
    /** Complete with another exit code. */
    FAILED("failed"),
    /** Cancelled (by a person, the maximum run time, the lock rules, or a lost node). */
    CANCELLED("cancelled");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The outcome of a complete attempt with this exit code. */
    public static Outcome ofExit(int exitCode) {
      return exitCode == 0 ? SUCCEEDED : FAILED;
    }
  }

  /** An attempt's container started, {@code waited} after the job was first seen (its first_seen_at). */
  void started(Duration waited);

  /** The dispatcher locked a job. */
  void locked();

  /** The dispatcher unlocked a job (a start that failed, or room it could not use). */
  void unlocked();

  /** A job ended so (a retried attempt is not an end: the job goes on). */
  void ended(Outcome outcome);

  /** Keeps nothing. */
  JobMetrics NONE = new JobMetrics() {
    @Override
    public void started(Duration waited) {}

    @Override
    public void locked() {}

    @Override
    public void unlocked() {}

    @Override
    public void ended(Outcome outcome) {}
  };
}
