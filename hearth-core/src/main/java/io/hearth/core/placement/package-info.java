/**
 * Placement: which runner an lb node asks first to run a call, and where it walks on when that
 * runner refuses. Pure decisions over a possibly stale view of the runners; the runner's own
 * admission ({@link io.hearth.core.ledger.Resources#fits}) is authoritative and may refuse (STYLE 4).
 *
 * <p>Vocabulary: the lb's <em>view</em> is a list of {@link io.hearth.core.placement.RunnerView}s in
 * a <em>stable order</em> — the order runners joined (a static list: the order written), with
 * runners that left kept as unavailable <em>holes</em> until they are forgotten — so that jump
 * consistent hashing moves only the functions of a runner that came or went. A
 * {@link io.hearth.core.placement.Placer} turns a call's {@link io.hearth.core.placement.PlacementKey}
 * and the view into a {@link io.hearth.core.placement.Walk}: the runners to try, in order, each at
 * most once. The lb tries them; when every one refused it waits the retry-all delay and walks
 * again, until the placer timeout ({@link io.hearth.core.placement.PlacerConfig}).
 *
 * <p>Placers: {@link io.hearth.core.placement.ConsistentHashPlacer} (a function's calls go where its
 * containers are warm), {@link io.hearth.core.placement.NaivePlacer} (round robin),
 * {@link io.hearth.core.placement.LeastLoadedPlacer} (power of two choices). All are thread-safe and
 * cheap enough to call per request; benchmarks call them directly.
 */
package io.hearth.core.placement;
