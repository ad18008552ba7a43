/**
 * Job dispatch decisions, pure: which node class a job may run on, the dispatcher's order of the
 * queue, and one dispatcher pass. No I/O and no clock: every decision takes {@code now}. The
 * semantics are Arvados's container queue and cloud dispatcher (SEMANTICS.md A); the job model and
 * store live elsewhere and are adapted to the small views here.
 *
 * <p>Flow: {@link io.hearth.core.job.dispatch.InstanceTypes#parse} reads {@code HEARTH_INSTANCE_TYPES}
 * into {@link io.hearth.core.job.dispatch.InstanceType}s, held as {@link
 * io.hearth.core.job.dispatch.NodeClasses} (or one implicit class on an all-in-one node). {@link
 * io.hearth.core.job.dispatch.TypeChooser} picks a job's eligible classes, cheapest first, or says
 * none can hold it. {@link io.hearth.core.job.dispatch.DispatchPass#run} takes a {@link
 * io.hearth.core.job.dispatch.PassInput} — the queue as {@link io.hearth.core.job.dispatch.QueuedJob}s,
 * the nodes' {@link io.hearth.core.job.dispatch.NodeOffer}s, the lost nodes and the previous pass's
 * {@link io.hearth.core.job.dispatch.Reservation} — orders it by {@link
 * io.hearth.core.job.dispatch.SchedulerOrder} and returns a {@link
 * io.hearth.core.job.dispatch.PassResult}: {@link io.hearth.core.job.dispatch.DispatchAction}s for the
 * dispatcher's shell to apply (lock, start, keep locked, unlock, cancel, kill, retry, hold) and the
 * reservation to hand to the next pass. {@link io.hearth.core.job.dispatch.AttemptEnd} decides
 * retry-or-cancel when an attempt ends by no choice of the job's.
 *
 * <p>Vocabulary: a <em>node class</em> is an instance type; an <em>offer</em> is a node's free room
 * for a new lease; a <em>dispatch attempt</em> is one lock (counted by lock_count, bounded by
 * max dispatch attempts); an <em>attempt</em> is one run of the job's container (bounded by
 * max_attempts); a <em>reservation</em> is room held on one node for a job that waited too long.
 */
package io.hearth.core.job.dispatch;
