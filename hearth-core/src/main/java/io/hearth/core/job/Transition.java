package io.hearth.core.job;

/** The answer to {@link JobTransitions#check} and {@link JobTransitions#lock}: allowed, or refused. */
public sealed interface Transition permits Transition.Allowed, Refused {

  /** The change may be made. */
  record Allowed(JobState from, JobState to) implements Transition {}
}
