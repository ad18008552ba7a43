package io.hearth.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Database} for the tests of a class, as a static {@code @RegisterExtension} field: the
 * embedded H2 file database as Hearth runs by default (in a temporary directory), or the local
 * PostgreSQL in a schema of its own that is dropped afterwards ({@link PostgresSchema}). When
 * PostgreSQL is not reachable every test is skipped, one by one, with the reason (an abort in
 * {@code beforeAll} would make Surefire count no tests at all).
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final boolean postgres;
  private Path dataDir;
  private PostgresSchema schema;
  private DatastoreConfig config;
  private Database database;
  private String unreachable;

  private TestDatabase(boolean postgres) {
    this.postgres = postgres;
  }

  public static TestDatabase h2() {
    return new TestDatabase(false);
  }

  public static TestDatabase postgres() {
    return new TestDatabase(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (postgres) {
      try {
        schema = PostgresSchema.create();
      } catch (IllegalStateException e) {
        unreachable = e.getMessage();
        return;
      }
      config = schema.config();
    } else {
      dataDir = Files.createTempDirectory("hearth-store-test");
      config = DatastoreConfig.fromUrl("", dataDir);
    }
    database = Database.open(config);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (database != null) {
        database.close();
      }
    } finally {
      if (schema != null) {
        schema.drop();
      }
      if (dataDir != null) {
        try (var files = Files.walk(dataDir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** The open database, or null when it could not be reached (the tests are skipped). */
  public Database database() {
    return database;
  }

  /** How to open another handle on the same database. */
  public DatastoreConfig config() {
    return config;
  }
}
