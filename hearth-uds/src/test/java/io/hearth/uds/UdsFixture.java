package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the connection tests share: a socket path in a fresh directory, the server a test starts there, helpers. */
abstract class UdsFixture {
  static final int LIMIT = HttpWire.DEFAULT_HEAD_LIMIT;
  static final int TEN_MB = 10 * 1024 * 1024;

  @TempDir
  Path dir;

  /** The test's server, closed after it. */
  ScriptedServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  Path sock() {
    return dir.resolve("s.sock");
  }

  static RequestHead request(String method, String target) {
    return new RequestHead(method, target, new HttpHeaders());
  }

  static String text(UdsResponse r) throws IOException {
    return latin1(r.readAll());
  }
}
