/**
 * Leased allocations ({@link io.hearth.store.leases.LeaseStore}; tables {@code allocs}, {@code
 * execs}, migration V4): an alloc is a reservation of resources on one node, kept alive by
 * keepalives, in which execs run containers to completion. The node holding an alloc writes it
 * (ids name their node) and, after a restart, re-adopts its live allocs from here ({@link
 * io.hearth.store.leases.LeaseStore#liveOnNode}). Keepalive, expiry and end are guarded single
 * statements that say whether they applied: active and expired allocs are live, reclaimed and
 * freed are final and refuse keepalives; only an alloc whose lease ran out is reclaimed. Ended
 * allocs stay readable until retention deletes them, their execs with them (foreign key cascade).
 * Resources, labels, env and cmd are JSON text columns, kept as given (named resources too).
 *
 * <p>The rows here are the store's own records ({@link io.hearth.store.leases.AllocRow}, {@link
 * io.hearth.store.leases.ExecRow}); the leases domain in core maps to and from them.
 */
package io.hearth.store.leases;
