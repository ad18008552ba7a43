/**
 * In-memory twins of the stores ({@link io.hearth.testkit.store.InMemoryFunctionStore}, {@link
 * io.hearth.testkit.store.InMemoryCallStore}, {@link io.hearth.testkit.store.InMemoryRunnerStore},
 * {@link io.hearth.testkit.store.InMemoryLeaseStore})
 * for unit tests that need a store but not a database. Each passes the same conformance suite as
 * its JDBC store (hearth-store's test-jar), so a test on it holds on H2 and PostgreSQL too. The
 * tests that prove the database works use the JDBC stores.
 */
package io.hearth.testkit.store;
