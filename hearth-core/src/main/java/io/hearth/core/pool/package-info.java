/**
 * The node pool: which container serves each call, and when containers start, freeze, expire or
 * are evicted — all decided by {@link io.hearth.core.pool.NodePool} as pure functions of an event
 * and the time, returning {@link io.hearth.core.pool.Action}s that the agent carries out.
 *
 * <p>Vocabulary: a <em>slot</em> is everything that shapes a container ({@code SlotKey}); calls of
 * a slot share its containers. A container is <em>starting</em> (granted resources, not yet
 * listening), <em>idle</em> (possibly frozen), or <em>busy</em> with exactly one call. Its
 * resources are a {@link io.hearth.core.ledger.Grant} of the node's {@link
 * io.hearth.core.ledger.Ledger}, reserved at launch, marked reclaimable while it idles and closed
 * once when it retires; the ledger accounts, the pool's policies decide. A call that
 * finds no idle container <em>waits</em>; the pool starts one container per waiting call that no
 * starting container will serve — a burst never starts a herd. Room is made by evicting idle
 * containers of other slots, only when that frees enough ({@link io.hearth.core.pool.EvictionPolicy}),
 * and by asking the pool's {@link io.hearth.core.ledger.RoomMaker} — the lease side, which
 * reclaims expired allocs — for what eviction cannot give. The other way round, {@code makeRoom}
 * evicts idle containers (never busy or starting ones) for a new alloc on the same ledger.
 * How long idle containers live is a {@link io.hearth.core.pool.KeepAlivePolicy}; one may also plan
 * to <em>prewarm</em>: after a container expired, the pool starts one again at the planned time
 * unless a call came first, and that container waits idle for its first call.
 *
 * <p>Policies, chosen by name through {@link io.hearth.core.pool.KeepAliveChoice}: Fn's per-function
 * idle_timeout, a {@link io.hearth.core.pool.FixedKeepAlive} window with {@link
 * io.hearth.core.pool.LruEviction}, the {@link io.hearth.core.pool.HybridHistogramPolicy} (a
 * histogram of each function's idle times picks its pre-warm and keep-alive windows) and the {@link
 * io.hearth.core.pool.GreedyDualPolicy} (keep-alive as caching: evict by clock + frequency ×
 * cold-start cost / size), and the default, {@link io.hearth.core.pool.AdaptiveKeepAlive} with {@link
 * io.hearth.core.pool.AdaptiveEviction}. {@code hearth-bench}'s keep-alive simulator compares them on
 * a trace.
 *
 * <p>An idle container's <em>rank</em> is which of its slot's calls it would serve: the pool hands
 * the most recently idled container out first, so with {@code n} calls running the first idle one
 * has rank {@code n + 1}. The pool tells the keep-alive policy how many calls each slot runs ({@code
 * onRunning}) and asks it per rank, so a busy function's extra containers can be kept by their own
 * gaps (the time the function runs fewer calls than their rank) rather than by the function's gaps
 * between calls.
 */
package io.hearth.core.pool;
