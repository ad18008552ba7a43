package io.hearth.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite on the local PostgreSQL, in a schema of its own that is dropped afterwards.
 * When PostgreSQL is not reachable every test is skipped, one by one, with the reason (an abort in
 * {@code @BeforeAll} would make Surefire count no tests at all).
 */
class PostgresDatastoreTest extends DatastoreConformanceTest {

  private static PostgresSchema schema;
  private static Datastore store;
  private static String unreachable;

  @BeforeAll
  static void open() {
    try {
      schema = PostgresSchema.create();
    } catch (IllegalStateException e) {
      unreachable = e.getMessage();
      return;
    }
    store = Datastore.open(schema.config());
  }

  @BeforeEach
  void needsPostgres() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @AfterAll
  static void close() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      if (schema != null) {
        schema.drop();
      }
    }
  }

  @Override
  public Datastore store() {
    return store;
  }

  @Override
  public DatastoreConfig config() {
    return schema.config();
  }
}
