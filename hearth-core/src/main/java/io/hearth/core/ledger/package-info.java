/**
 * The node's resource ledger: the one owner of its capacity — memory, milli-CPUs and named
 * resources (disk bytes, GPUs; a missing name is 0), as immutable {@link io.hearth.core.ledger.Resources}.
 *
 * <p>Flow: a client (the node pool for function containers; leases and jobs next) asks {@link
 * io.hearth.core.ledger.Ledger#reserve} for a {@link io.hearth.core.ledger.Holder}. The answer is a
 * {@link io.hearth.core.ledger.Reservation}: {@code Granted} with a {@link io.hearth.core.ledger.Grant}
 * — a value with identity, holder, resources and optional expiry, released exactly once by its
 * idempotent {@code close()} — or {@code Short}, naming each {@link io.hearth.core.ledger.Shortfall}
 * and the grants that could be freed. Holders mark their grants reclaimable (an idle container);
 * expired grants are reclaimable too. Policy — what to evict or reclaim, in what order — stays with
 * the clients: they close the grants they choose and reserve again.
 */
package io.hearth.core.ledger;
