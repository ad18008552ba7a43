package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hearth.core.model.App;
import io.hearth.store.functions.JdbcFunctionStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that loses its PostgreSQL mid-life answers Unavailable, with the reason, within the
 * connect timeout, and works again once the database is back. The network is cut by a proxy.
 */
class PostgresOutageTest {

  private static final URI TARGET = URI.create(PostgresSchema.BASE_URL.substring("jdbc:".length()));
  private static final int TARGET_PORT = TARGET.getPort() < 0 ? 5432 : TARGET.getPort();

  private PostgresSchema schema;
  private LoopbackProxy proxy;

  @BeforeEach
  void setUp() throws Exception {
    try {
      schema = PostgresSchema.create();
    } catch (IllegalStateException e) {
      Assumptions.abort(e.getMessage());
    }
    proxy = startProxy(0);
  }

  private static LoopbackProxy startProxy(int port) throws IOException {
    return LoopbackProxy.start(port, TARGET.getHost(), TARGET_PORT);
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      schema.drop();
    }
  }

  private DatastoreConfig viaProxy(int port) {
    DatastoreConfig direct = schema.config();
    String url = direct.url().replace("//" + TARGET.getRawAuthority() + "/", "//127.0.0.1:" + port + "/");
    return new DatastoreConfig(url, direct.user(), null, 2, Duration.ofSeconds(1));
  }

  @Test
  void operationsAreUnavailableWhileTheDatabaseIsCutOffAndRecoverAfterwards() throws Exception {
    int port = proxy.port();
    try (Database db = Database.open(viaProxy(port))) {
      var store = new JdbcFunctionStore(db).apps();
      App app = store.insert(new Fixtures().app("survivor"));

      proxy.close();
      // the database is gone: both end with Unavailable rather than hang (a generous bound, not a speed test)
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        assertThatThrownBy(() -> store.get(app.id()))
            .isInstanceOf(StoreException.Unavailable.class)
            .hasMessageStartingWith("datastore unavailable: ");
        assertThatThrownBy(db::ping).isInstanceOf(StoreException.Unavailable.class);
      });

      proxy = startProxy(port);
      db.ping();
      assertThat(store.get(app.id())).contains(app);
    }
  }
}
