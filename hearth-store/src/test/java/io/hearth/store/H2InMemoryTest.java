package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** In-memory H2 keeps its schema and rows while the store is open. */
class H2InMemoryTest {

  private final Fixtures fx = new Fixtures();

  @Test
  void plainJdbcUrlKeepsTheSchemaAfterMigration() {
    // Without DB_CLOSE_DELAY the database lives only while a connection is open.
    try (Datastore store = Datastore.open(new DatastoreConfig("jdbc:h2:mem:" + fx.id(), null, null, 1))) {
      App app = store.insertApp(fx.app("in-memory"));
      assertThat(store.getAppByName("in-memory")).contains(app);
    }
  }

  @Test
  void shorthandWorks() {
    try (Datastore store = Datastore.open(DatastoreConfig.fromUrl("h2:mem:" + fx.id(), Path.of(".")))) {
      store.ping();
      assertThat(store.listApps(ListQuery.first(10)).items()).isEmpty();
    }
  }
}
