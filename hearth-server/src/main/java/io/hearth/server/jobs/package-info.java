/**
 * The jobs API ({@code /v2/jobs/**}, issue 12 point 2) over a {@link io.hearth.store.jobs.JobStore}:
 * submit, list (newest first, or {@code order=scheduler}: the dispatcher's order), get, patch,
 * cancel, attempts, and lock/unlock for outside dispatchers, by the store's guarded changes.
 * {@code JobsApi} is a transport-neutral {@link io.hearth.protocol.LeaseExchange.Handler} served over
 * the HTTP front like the leases API; {@code JobRequests} validates (400s naming the field),
 * {@code JobsJson} writes. {@code AttemptFiles} serves an attempt's log and output: from the store
 * once it ended, a running one's log relayed from its exec through the node's allocs handler
 * ({@code LogRelay}). {@link io.hearth.server.jobs.JobMetrics} is what the node's metrics are told
 * of dispatching; {@link io.hearth.server.jobs.MeteredJobStore} tells it of every applied change.
 */
package io.hearth.server.jobs;
