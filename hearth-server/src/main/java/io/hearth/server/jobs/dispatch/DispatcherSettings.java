package io.hearth.server.jobs.dispatch;

import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's dispatcher runs. Immutable; parsed once by the node's wiring.
 *
 * @param pass           the pure pass's settings; its dispatcher name is the locker this one writes
 * @param every          the timer between passes when nothing wakes it
 * @param keepalive      the lease each job's alloc is held for at a time (renewed by a keeper)
 * @param startTimeout   how long an exec may stay pending (its image pulled, its container made)
 *                       before the start counts as failed
 * @param maxOutputBytes the largest tar of a job's {@code /out} kept ({@code HEARTH_JOB_MAX_OUTPUT_BYTES})
 * @param maxLogBytes    the tail of a job's log kept
 * @param maxQueueRead   jobs read of the queue per pass, in scheduler order (running and locked come
 *                       first, so every attempt this dispatcher runs is among them)
 */
public record DispatcherSettings(DispatchSettings pass, Duration every, Duration keepalive, Duration startTimeout,
    long maxOutputBytes, int maxLogBytes, int maxQueueRead) {

  /** What this dispatcher's name starts with: a locker so named is a Hearth dispatcher a restart may take over. */
  public static final String NAME_PREFIX = "hearth-dispatcher/";
  /** Quick enough that a job's end shows within a second or so when no signal comes. */
  public static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);
  /** A lost dispatcher's allocs expire within a minute; renewed every 30 s. */
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(60);
  /** Long enough to pull an ordinary image. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_LOG_BYTES = 1 << 20;
  /** Twenty pages: far more jobs than can start in one pass on any cluster this serves. */
  public static final int DEFAULT_MAX_QUEUE_READ = 20 * JobStore.MAX_QUEUE_PAGE;

  public DispatcherSettings {
    Objects.requireNonNull(pass, "pass");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (!pass.dispatcher().startsWith(NAME_PREFIX)) {
      throw new IllegalArgumentException("a dispatcher's name starts with " + NAME_PREFIX + ", not " + pass.dispatcher());
    }
    if (every.isNegative() || every.isZero() || keepalive.toSeconds() < 1 || startTimeout.isNegative()) {
      throw new IllegalArgumentException("the pass timer, keepalive and start timeout must be positive");
    }
    if (maxOutputBytes < 0 || maxOutputBytes > JobStore.MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException("HEARTH_JOB_MAX_OUTPUT_BYTES must be from 0 to " + JobStore.MAX_OUTPUT_BYTES
          + ", not " + maxOutputBytes);
    }
    if (maxLogBytes < 0 || maxLogBytes > JobStore.MAX_LOG_BYTES || maxQueueRead < 1) {
      throw new IllegalArgumentException("the log bound must be from 0 to " + JobStore.MAX_LOG_BYTES
          + " and the queue read at least 1");
    }
  }

  /** The defaults, for the node named {@code nodeId}, with these pass settings' classes. */
  public static DispatcherSettings defaults(DispatchSettings pass, long maxOutputBytes) {
    return new DispatcherSettings(pass, DEFAULT_EVERY, DEFAULT_KEEPALIVE, DEFAULT_START_TIMEOUT, maxOutputBytes,
        DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_QUEUE_READ);
  }

  /** The dispatcher name of the node {@code nodeId}. */
  public static String nameOf(String nodeId) {
    return NAME_PREFIX + nodeId;
  }

  public String name() {
    return pass.dispatcher();
  }
}
