package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.store.functions.JdbcFunctionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** In-memory H2 keeps its schema and rows while the store is open. */
class H2InMemoryTest {

  private final Fixtures fx = new Fixtures();

  @Test
  void plainJdbcUrlKeepsTheSchemaAfterMigration() {
    // Without DB_CLOSE_DELAY the database lives only while a connection is open.
    try (Database db = Database.open(new DatastoreConfig("jdbc:h2:mem:" + fx.id(), null, null, 1))) {
      var store = new JdbcFunctionStore(db);
      App app = store.apps().insert(fx.app("in-memory"));
      assertThat(store.apps().getByName("in-memory")).contains(app);
    }
  }

  @Test
  void shorthandWorks() {
    try (Database db = Database.open(DatastoreConfig.fromUrl("h2:mem:" + fx.id(), Path.of(".")))) {
      db.ping();
      assertThat(new JdbcFunctionStore(db).apps().list(ListQuery.first(10)).items()).isEmpty();
    }
  }
}
