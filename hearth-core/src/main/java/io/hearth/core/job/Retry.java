package io.hearth.core.job;

/** The answer to {@link JobTransitions#retry}: what follows an attempt that ended cancelled. */
public sealed interface Retry permits Retry.Requeue, Retry.GiveUp, Refused {

  /** The job is queued again for attempt {@code nextAttempt}, keeping its place (first seen). */
  record Requeue(int nextAttempt) implements Retry {}

  /** No attempt follows: the job ends cancelled with {@code error}. */
  record GiveUp(String error) implements Retry {}
}
