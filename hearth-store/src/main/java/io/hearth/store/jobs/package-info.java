/**
 * Jobs ({@link io.hearth.store.jobs.JobStore}; tables {@code jobs}, {@code job_labels}, {@code
 * job_attempts}, migration V5): the queue of batch containers and the attempts that ran them.
 * Every state change is decided by {@link io.hearth.store.jobs.JobChanges} (core's {@code
 * JobTransitions}) on the row read and applied by one statement guarded by that row, answering a
 * {@link io.hearth.store.jobs.JobChange}: applied, refused (409, or 403 for someone else's lock;
 * nothing written) or not found. {@link io.hearth.store.jobs.QueueOrder} keeps the scheduler order
 * as the indexed {@code queue_rank} column, so {@code schedulerOrder} reads a page of 100,000
 * queued jobs by index. Labels are a JSON column (what reads return) and rows of {@code job_labels}
 * (what the label filter uses), written together. What an attempt left — its log and the tar of
 * its {@code /out} — is kept in {@code job_files} (V6), bounded, one row per attempt.
 *
 * <p>A dispatcher is woken by {@link io.hearth.store.jobs.JobSignals} and made the cluster's one by
 * {@link io.hearth.store.jobs.DispatcherLock}; {@link io.hearth.store.jobs.JobCoordination} picks
 * them for the datastore: in-process ({@code SignallingJobStore} firing {@code LocalJobSignals},
 * {@code HeldDispatcherLock}) on H2; on PostgreSQL a trigger on {@code jobs} (V6.1) notifying
 * {@code hearth_jobs} in each writing transaction, {@code PgJobSignals} listening on a session of
 * its own, and {@code PgDispatcherLock}, a session advisory lock on another. {@code SignalFanout}
 * delivers to subscribers on one thread, coalescing bursts.
 */
package io.hearth.store.jobs;
