/**
 * The datastore: one store per concept over one shared {@link io.hearth.store.Database}, in an
 * embedded H2 file by default or in PostgreSQL.
 *
 * <ul>
 *   <li>{@link io.hearth.store.functions.FunctionStore}: apps, functions (fns) and their HTTP
 *       triggers (V1).
 *   <li>{@link io.hearth.store.calls.CallStore}: call records and their logs (V2).
 *   <li>{@link io.hearth.store.runners.RunnerStore}: the runner registry, registrations and
 *       heartbeats in join order (V3).
 *   <li>{@link io.hearth.store.leases.LeaseStore}: leased allocations and the execs run in them,
 *       for the allocs API and for a node's re-adoption after a restart (V4).
 * </ul>
 *
 * <p>{@link io.hearth.store.DatastoreConfig#fromUrl} reads the URL forms Fn accepts; {@link
 * io.hearth.store.Database#open} starts a HikariCP pool and applies the Flyway migrations in
 * {@code db/migration} (one SQL schema for both databases; what differs is the {@link
 * io.hearth.store.Dialect}). A JDBC store is a class taking the {@code Database} in its
 * constructor; a new concept (the job store, a durable call queue) adds its
 * package here, its tables in the next migration, its interface, its JDBC class and its
 * conformance suite, run on H2, PostgreSQL and the in-memory twin in {@code hearth-testkit}.
 *
 * <p>Durability: a write through {@code Database} ({@code run}, {@code update}, {@code
 * inTransaction}) returns once it is on stable storage; for embedded H2 that is a {@link
 * io.hearth.store.GroupSync} (group commit over {@code CHECKPOINT SYNC}), for PostgreSQL its own
 * commit; {@code read} and {@code query} wait for nothing.
 *
 * <p>Shared vocabulary: {@link io.hearth.store.Page}s of lists, {@link io.hearth.store.ListQuery}
 * and Fn's {@link io.hearth.store.Cursor} (base64url of the last name), timestamps to the
 * millisecond ({@link io.hearth.store.Jdbc}). Failures are the sealed {@link
 * io.hearth.store.StoreException}: Conflict, NotFound, Unavailable, Failed.
 */
package io.hearth.store;
