package io.hearth.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the embedded H2 file database, as Hearth runs by default. */
class H2DatastoreTest extends DatastoreConformanceTest {

  @TempDir static Path dataDir;
  private static DatastoreConfig config;
  private static Datastore store;

  @BeforeAll
  static void open() {
    config = DatastoreConfig.fromUrl("", dataDir);
    store = Datastore.open(config);
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public Datastore store() {
    return store;
  }

  @Override
  public DatastoreConfig config() {
    return config;
  }
}
