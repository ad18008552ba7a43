/**
 * Leases: the node's book of leased allocations ("allocs"), in which batch clients run their own
 * containers (execs) for as long as they keep the lease alive. Pure logic, no I/O; the semantics are
 * Reflow's resource pools (SEMANTICS.md B).
 *
 * <p>Flow: {@link io.hearth.core.lease.LeaseBook#create} reserves an {@code ALLOCATION} grant on
 * the node's shared {@link io.hearth.core.ledger.Ledger}, its expiry the alloc's {@code expiresAt}
 * (2 minutes, or the interval asked, at most 5). {@link io.hearth.core.lease.LeaseBook#keepalive}
 * moves it ({@link io.hearth.core.ledger.Ledger#renew}); a lease that runs out leaves the alloc
 * {@code EXPIRED} — still holding its grant, revived by a late keepalive — until some reservation
 * is short: then {@link io.hearth.core.lease.LeaseBook#reclaimFor} (which {@code create} calls
 * itself, and the pool may call for a function container) reclaims the most-expired allocs, only as
 * many as cover the shortfall. {@link io.hearth.core.lease.LeaseBook#free} releases one. Reclaimed
 * and freed allocs stay readable for a retention period, then {@link
 * io.hearth.core.lease.LeaseBook#collect} drops them. Every answer that ends allocs names them, so
 * the shell that owns the containers kills their execs.
 *
 * <p>Vocabulary: an <em>alloc</em> is the lease and what it holds; its <em>lease</em> is the
 * interval until {@code expiresAt}; an <em>offer</em> is {@link
 * io.hearth.core.lease.LeaseBook#available}: capacity minus every grant except expired allocs'.
 */
package io.hearth.core.lease;
