package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An unreachable database fails fast with Unavailable and a reason, not a raw SQLException. */
class UnreachableDatabaseTest {

  /** A loopback port nobody listens on: bound once, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void postgresOnAClosedPortIsUnavailableWithinSeconds() throws IOException {
    DatastoreConfig config = DatastoreConfig
        .fromUrl("postgres://postgres@127.0.0.1:" + closedPort() + "/test?sslmode=disable", Path.of("."))
        .withConnectTimeout(Duration.ofSeconds(1));
    // ends with Unavailable rather than retrying on (a generous bound, not a speed test)
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageStartingWith("datastore unavailable: ")
        .hasMessageContaining("127.0.0.1"));
  }
}
