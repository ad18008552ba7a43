/**
 * The leases API of a node: offers, leased allocations ("allocs") and the execs run inside them.
 *
 * <p>{@link io.hearth.server.leases.NodeLeases} is the node's side (its book, execs and store);
 * {@link io.hearth.server.leases.LeasesApi} serves {@code /v2/offers} and {@code /v2/allocs/**} over
 * it as a transport-neutral {@link io.hearth.protocol.LeaseExchange.Handler} — over HTTP through
 * {@link io.hearth.server.leases.LeaseRoutes} on an all-in-one node, over the runner protocol on a
 * runner. {@link io.hearth.server.leases.LeaseRequests} reads and validates requests (400s naming
 * the field), {@link io.hearth.server.leases.LeaseJson} writes every answer (also the api node's
 * merged offers), {@link io.hearth.server.leases.WireResources} maps resources between the wire's
 * {@code memory_bytes, cpu_mcpus, disk_bytes, gpus, <name>} and the ledger's {@code Resources}.
 */
package io.hearth.server.leases;
