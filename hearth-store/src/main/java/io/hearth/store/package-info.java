/**
 * The datastore: apps, functions (fns) and their HTTP triggers, in an embedded H2 file by default
 * or in PostgreSQL.
 *
 * <p>{@link io.hearth.store.DatastoreConfig#fromUrl} reads the URL forms Fn accepts; {@link
 * io.hearth.store.Datastore#open} starts a HikariCP pool and applies the Flyway migrations in
 * {@code db/migration} (one SQL schema for both databases). Each operation is one auto-committed
 * statement; the database enforces uniqueness and cascades deletes (app -> fns -> triggers).
 * Lists are in name order, a page at a time, with Fn's cursor: base64url of the last name.
 * Call records ({@code calls}, {@code call_logs}; migration V2) are written in batches, one
 * transaction each, listed by function newest first with a keyset cursor on (created_at, id), and
 * deleted by age; they have no foreign key to their function, so they outlive it until retention.
 * Failures are the sealed {@link io.hearth.store.StoreException}: Conflict, NotFound, Unavailable,
 * Failed.
 */
package io.hearth.store;
