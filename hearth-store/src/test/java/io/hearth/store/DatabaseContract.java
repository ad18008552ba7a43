package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.store.functions.JdbcFunctionStore;
import org.junit.jupiter.api.Test;

/** The shared handle: opening, reopening, health and closing ({@link H2DatabaseTest}, {@link PostgresDatabaseTest}). */
interface DatabaseContract {

  TestDatabase db();

  Fixtures fx();

  @Test
  default void pingAnswers() {
    db().database().ping();
  }

  @Test
  default void reopeningKeepsDataAndTheSchema() {
    App app = new JdbcFunctionStore(db().database()).apps().insert(fx().app("durable-" + fx().id()));

    try (Database again = Database.open(db().config())) {
      assertThat(new JdbcFunctionStore(again).apps().get(app.id())).contains(app);
      again.ping();
    }
    var store = new JdbcFunctionStore(db().database());
    assertThat(store.apps().get(app.id())).contains(app);
    store.apps().delete(app.id());
  }

  @Test
  default void aClosedDatabaseIsUnavailableToEveryStore() {
    Database closed = Database.open(db().config().withPoolSize(1));
    closed.close();

    assertThatThrownBy(closed::ping)
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessage("datastore unavailable: the datastore has been closed");
    assertThatThrownBy(() -> new JdbcFunctionStore(closed).apps().get("x"))
        .isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> new io.hearth.store.calls.JdbcCallStore(closed).get("x"))
        .isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> new io.hearth.store.runners.JdbcRunnerStore(closed).list())
        .isInstanceOf(StoreException.Unavailable.class);
  }
}
