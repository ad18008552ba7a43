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
 */
package io.hearth.store.jobs;
