/**
 * Leases across a cluster, on an api node ({@link io.hearth.server.cluster.ClusterLeases}): the
 * allocs API served by asking the runners that hold the leases, over the runner protocol's
 * {@code Leases} method.
 *
 * <p>Flow: {@code GET /v2/offers} asks every live registered runner in parallel with a deadline
 * ({@link io.hearth.server.cluster.OfferGathering}) and merges their offers, naming the runners that
 * did not answer ({@code unreachable}) instead of hiding them. {@code POST /v2/allocs} goes to the
 * runner its {@code offer_id} names ({@code <node id>.<gen>}); without one, {@link
 * io.hearth.server.cluster.Placement} (pure) orders the offers that hold the request closest fit
 * first and the runners are tried in that order while they answer 409 or 503. Everything under
 * {@code /v2/allocs/{id}} goes to the runner whose node id prefixes the alloc id ({@link
 * io.hearth.server.cluster.Roster}); {@code GET /v2/allocs} is read from the shared lease store.
 *
 * <p>Vocabulary: the <em>roster</em> is the registered runners sorted into those asked (live) and
 * those silent (no heartbeat within the TTL, not draining: listed as unreachable); a
 * <em>candidate</em> is an offer that holds the request now.
 */
package io.hearth.server.cluster;
