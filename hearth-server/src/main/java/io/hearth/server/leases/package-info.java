/**
 * A node's leases as the allocs API sees them: {@link io.hearth.server.leases.NodeLeases} and its
 * one implementation, {@link io.hearth.server.leases.LocalLeases}, which composes the pure
 * {@code LeaseBook} (over the node's shared ledger), the lease store (write-through, read back on a
 * restart by {@code Readoption}) and the exec containers ({@code Execs}, through an
 * {@code ExecRunner}).
 *
 * <p>Files: each alloc has {@code <data dir>/allocs/<alloc id>/scratch} (mounted at {@code /alloc}
 * in its execs), {@code logs/<exec id>.log} and, for an exec with a timeout, {@code
 * logs/<exec id>.deadline} (so that a restarted node adopts it with what is left of it), kept until
 * the alloc is collected after the retention period. The scratch directory is bounded by the
 * alloc's {@code disk_bytes} softly: it is measured every few seconds while execs run, and when it
 * holds more, the alloc's running execs are killed with an error saying so.
 *
 * <p>Vocabulary: an <em>offer</em> is what the node has free, numbered by the book's
 * <em>generation</em> (allocs made, freed, reclaimed, collected); an accept on an older number is
 * {@code offer expired}. A <em>share</em> is the part of an alloc one exec holds while it runs.
 *
 * <p>The API over it: {@link io.hearth.server.leases.LeasesApi} serves {@code /v2/offers} and
 * {@code /v2/allocs/**} as a transport-neutral {@link io.hearth.protocol.LeaseExchange.Handler} —
 * over HTTP through {@link io.hearth.server.leases.LeaseRoutes} on an all-in-one node, over the
 * runner protocol on a runner. {@link io.hearth.server.leases.LeaseRequests} reads and validates
 * requests (400s naming the field), {@link io.hearth.server.leases.LeaseJson} writes every answer
 * (also an api node's merged offers), {@link io.hearth.server.leases.WireResources} maps resources
 * between the wire's {@code memory_bytes, cpu_mcpus, disk_bytes, gpus, <name>} and the ledger's.
 */
package io.hearth.server.leases;
