/**
 * Jobs: containers that wait their turn in a priority queue, are locked by one dispatcher, run to
 * completion in a lease on a node of a fitting class, and are retried as new attempts when their
 * node or lease is lost (SEMANTICS.md A). This package is the model and its rules, pure and
 * immutable: {@link io.hearth.core.job.JobState} and the state machine {@link
 * io.hearth.core.job.JobTransitions} (whose answers are sealed: {@link
 * io.hearth.core.job.Transition}, {@link io.hearth.core.job.Unlock}, {@link
 * io.hearth.core.job.Retry}, each possibly {@link io.hearth.core.job.Refused}), {@link
 * io.hearth.core.job.Priority}, {@link io.hearth.core.job.Constraints}, {@link
 * io.hearth.core.job.Scheduling}, {@link io.hearth.core.job.RuntimeStatus} and {@link
 * io.hearth.core.job.AttemptState}. The records are kept by {@code io.hearth.store.jobs}; the
 * dispatcher's decisions are in {@code io.hearth.core.job.dispatch}.
 *
 * <p>Vocabulary: a <em>dispatcher</em> locks a queued job to start it; {@code lock_count} counts
 * the locks given up; an <em>attempt</em> is one run of the job's container, numbered from 1.
 */
package io.hearth.core.job;
