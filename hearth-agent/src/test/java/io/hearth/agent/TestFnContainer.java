package io.hearth.agent;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.OutputListener;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A started container of any test image, optionally followed from creation, and for TestFn a
 * kept-alive connection to call it over its socket. Labelled with {@link TestDocker#labels()};
 * {@link #close()} removes it. Used by one test thread.
 */
final class TestFnContainer implements AutoCloseable {
  final DockerDriver driver;
  final String id;
  final Path socketDir;
  private UdsConnection connection;
  private int calls;

  private TestFnContainer(DockerDriver driver, String id, Path socketDir) {
    this.driver = driver;
    this.id = id;
    this.socketDir = socketDir;
  }

  static String testFnImage() {
    return TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
  }

  /** Creates, follows (when {@code listener} is not null) and starts a container; waits for the socket when asked. */
  static TestFnContainer start(DockerDriver driver, String image, Path socketDir, Map<String, String> env,
      OutputListener listener, boolean awaitSocket) throws InterruptedException {
    TestDocker.socketDir(socketDir);
    Map<String, String> all = new HashMap<>(env);
    all.put("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock");
    all.put("FN_FORMAT", "http-stream");
    String id = driver.create(new ContainerSpec("hearth-test-agent-" + UUID.randomUUID(), image, all,
        TestDocker.labels(), socketDir, 128L << 20, 0, 64, 350, true, 0, "1000:1000"));
    TestFnContainer c = new TestFnContainer(driver, id, socketDir);
    try {
      if (listener != null) {
        driver.followOutput(id, listener);
      }
      driver.start(id);
      if (awaitSocket) {
        Path sock = socketDir.resolve("lsnr.sock");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(sock)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no lsnr.sock from container " + id + " after 30 s");
          }
          Thread.sleep(2);
        }
      }
      return c;
    } catch (RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  /** Sends one call on the kept-alive connection; returns the status and body as {@code "200 body"}. */
  String call(String body) throws IOException {
    if (connection == null || !connection.isOpen()) {
      connection = UdsConnection.open(socketDir.resolve("lsnr.sock"));
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    HttpHeaders h = new HttpHeaders().add("Fn-Call-Id", "call-" + (++calls))
        .add("Fn-Deadline", DateTimeFormatter.ISO_INSTANT.format(Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS)))
        .add("Content-Type", "text/plain");
    try (UdsResponse r = connection.send(new RequestHead("POST", "/call", h), new ByteArrayInputStream(b), b.length,
        HttpWire.DEFAULT_HEAD_LIMIT)) {
      return r.status() + " " + new String(r.readAll(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    driver.remove(id);
  }
}
