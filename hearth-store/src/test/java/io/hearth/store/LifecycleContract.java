package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import org.junit.jupiter.api.Test;

/** Opening, reopening, health and closing. */
interface LifecycleContract extends StoreContract {

  @Test
  default void pingAnswers() {
    store().ping();
  }

  @Test
  default void reopeningKeepsDataAndTheSchema() {
    App app = store().insertApp(fx().app("durable"));

    try (Datastore again = Datastore.open(config())) {
      assertThat(again.getApp(app.id())).contains(app);
      again.ping();
    }
    assertThat(store().getApp(app.id())).contains(app);
  }

  @Test
  default void aClosedStoreIsUnavailable() {
    Datastore closed = Datastore.open(config().withPoolSize(1));
    closed.close();

    assertThatThrownBy(closed::ping)
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessage("datastore unavailable: the datastore has been closed");
    assertThatThrownBy(() -> closed.getApp("x")).isInstanceOf(StoreException.Unavailable.class);
  }
}
