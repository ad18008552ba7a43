package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsClientTest {
  @TempDir
  Path dir;

  private ScriptedServer server;
  private UdsClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Path sock() {
    return dir.resolve("engine.sock");
  }

  private static RequestHead get(String target) {
    return new RequestHead("GET", target, new HttpHeaders());
  }

  /** Answers {@code GET /size/N} with N bytes of 'x', in chunked coding when the target ends in /chunked. */
  private static void sizedResponses(ScriptedServer.Peer p) throws IOException {
    RequestHead h;
    while ((h = p.readHead()) != null) {
      p.readBody(h);
      String[] parts = h.target().split("/");
      int size = parts.length > 2 ? Integer.parseInt(parts[2]) : 2;
      boolean chunked = h.target().endsWith("/chunked");
      byte[] body = "x".repeat(size).getBytes();
      if (chunked) {
        p.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        ChunkedOutputStream out = new ChunkedOutputStream(p.out);
        for (int off = 0; off < size; off += 1000) {
          out.write(body, off, Math.min(1000, size - off));
        }
        out.close();
      } else {
        p.write("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
        p.write(body);
      }
    }
  }

  @Test
  void poolingReusesOneConnectionForSequentialRequests() throws Exception {
    server = ScriptedServer.echo(sock());
    client = new UdsClient(sock());
    for (int i = 0; i < 10; i++) {
      try (UdsClient.Response r = client.send(new RequestHead("POST", "/n/" + i, new HttpHeaders()), latin1("b" + i))) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("X-Target")).isEqualTo("/n/" + i);
        assertThat(latin1(r.readAll())).isEqualTo("b" + i);
      }
    }
    try (UdsClient.Response r = client.send(get("/no-body"), (byte[]) null)) {
      assertThat(r.body().isComplete()).isTrue();
    }
    assertThat(server.accepts()).isEqualTo(1);
    assertThat(client.socket()).isEqualTo(sock());
  }

  @Test
  void aResponseNotFullyReadIsDrainedAndTheConnectionReused() throws Exception {
    server = ScriptedServer.start(sock(), UdsClientTest::sizedResponses);
    client = new UdsClient(sock());
    try (UdsClient.Response r = client.send(get("/size/10000"), (byte[]) null)) {
      assertThat(r.body().read()).isEqualTo('x');
    }
    try (UdsClient.Response r = client.send(get("/size/20000/chunked"), (byte[]) null)) {
      assertThat(r.body().readNBytes(10)).hasSize(10);
    }
    try (UdsClient.Response r = client.send(get("/size/5"), (byte[]) null)) {
      assertThat(latin1(r.readAll())).isEqualTo("xxxxx");
    }
    assertThat(server.accepts()).isEqualTo(1);
  }

  @Test
  void aResponseOverTheDrainLimitClosesItsConnection() throws Exception {
    server = ScriptedServer.start(sock(), UdsClientTest::sizedResponses);
    client = new UdsClient(sock());
    try (UdsClient.Response r = client.send(get("/size/1000000"), (byte[]) null)) {
      assertThat(r.body().read()).isEqualTo('x');
    }
    try (UdsClient.Response r = client.send(get("/size/1000000/chunked"), (byte[]) null)) {
      assertThat(r.body().read()).isEqualTo('x');
    }
    try (UdsClient.Response r = client.send(get("/size/5"), (byte[]) null)) {
      assertThat(latin1(r.readAll())).isEqualTo("xxxxx");
    }
    assertThat(server.accepts()).isEqualTo(3);
  }

  @Test
  void closingAnEndlessResponseDoesNotWaitForIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\n\r\nfirst event\n"); // runs until close, like a log stream
      release.await();
    });
    client = new UdsClient(sock());
    UdsClient.Response r = client.send(get("/events"), (byte[]) null);
    assertThat(r.body().readNBytes(5)).isEqualTo(latin1("first"));
    CompletableFuture<Void> closed = CompletableFuture.runAsync(r::close, Executors.newVirtualThreadPerTaskExecutor());
    try {
      closed.get(5, TimeUnit.SECONDS);
    } finally {
      release.countDown();
    }
  }

  @Test
  void concurrentRequestsFrom16VirtualThreadsAllSucceed() throws Exception {
    server = ScriptedServer.echo(sock());
    client = new UdsClient(sock());
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 16; t++) {
        int id = t;
        futures.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            String body = "thread " + id + " request " + i;
            try (UdsClient.Response r = client.send(new RequestHead("POST", "/t", new HttpHeaders()),
                new ByteArrayInputStream(latin1(body)), i % 2 == 0 ? body.length() : -1)) {
              assertThat(latin1(r.readAll())).isEqualTo(body);
              ok.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    }
    assertThat(ok.get()).isEqualTo(16 * 50);
    assertThat(server.accepts()).isBetween(1, 16 * 50);
    assertThat(server.failures()).isEmpty();
  }

  @Test
  void aDeadPooledConnectionIsSkipped() throws Exception {
    server = ScriptedServer.echo(sock());
    client = new UdsClient(sock());
    try (UdsClient.Response r = client.send(get("/before"), (byte[]) null)) {
      r.readAll();
    }
    server.close(); // the engine restarted: the pooled connection is dead
    server = ScriptedServer.echo(sock());
    try (UdsClient.Response r = client.send(get("/after"), (byte[]) null)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().first("X-Target")).isEqualTo("/after");
      r.readAll();
    }
    assertThat(server.accepts()).isEqualTo(1);
  }

  @Test
  void aServerThatClosesAfterEachResponseStillWorks() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    });
    client = new UdsClient(sock());
    for (int i = 0; i < 3; i++) {
      try (UdsClient.Response r = client.send(get("/"), (byte[]) null)) {
        assertThat(latin1(r.readAll())).isEqualTo("ok");
      }
    }
    assertThat(server.accepts()).isEqualTo(3);
  }

  @Test
  void aFailedRequestDoesNotPoisonThePool() throws Exception {
    server = ScriptedServer.echo(sock());
    client = new UdsClient(sock());
    RequestHead bad = new RequestHead("GET", "/", new HttpHeaders().add("X", "a\nb"));
    assertThatThrownBy(() -> client.send(bad, (byte[]) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.send(new RequestHead("POST", "/", new HttpHeaders()), new ByteArrayInputStream(new byte[3]), 5))
        .isInstanceOf(IOException.class);
    try (UdsClient.Response r = client.send(get("/fine"), (byte[]) null)) {
      assertThat(r.headers().first("X-Target")).isEqualTo("/fine");
      r.readAll();
    }
  }

  @Test
  void abortClosesTheConnectionInsteadOfPoolingIt() throws Exception {
    server = ScriptedServer.start(sock(), UdsClientTest::sizedResponses);
    client = new UdsClient(sock());
    UdsClient.Response r = client.send(get("/size/100"), (byte[]) null);
    r.abort();
    r.close();
    try (UdsClient.Response again = client.send(get("/size/3"), (byte[]) null)) {
      assertThat(latin1(again.readAll())).isEqualTo("xxx");
    }
    assertThat(server.accepts()).isEqualTo(2);
  }

  @Test
  void closeClosesIdleConnections() throws Exception {
    CompletableFuture<RequestHead> afterClose = new CompletableFuture<>();
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.respond(200, "ok");
      afterClose.complete(p.readHead());
    });
    client = new UdsClient(sock());
    try (UdsClient.Response r = client.send(get("/"), (byte[]) null)) {
      r.readAll();
    }
    client.close();
    assertThat(afterClose.get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aResponseClosedAfterTheClientClosedIsNotPooled() throws Exception {
    CompletableFuture<RequestHead> afterClose = new CompletableFuture<>();
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.respond(200, "ok");
      afterClose.complete(p.readHead());
    });
    client = new UdsClient(sock());
    UdsClient.Response r = client.send(get("/"), (byte[]) null);
    client.close();
    r.readAll();
    r.close();
    assertThat(afterClose.get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aMissingSocketIsAnIoException() {
    client = new UdsClient(dir.resolve("missing.sock"));
    assertThatThrownBy(() -> client.send(get("/"), (byte[]) null)).isInstanceOf(IOException.class);
  }

  @Test
  void dedicatedConnectionsAreNotPooled() throws Exception {
    server = ScriptedServer.echo(sock());
    client = new UdsClient(sock());
    try (UdsConnection c = client.dedicated()) {
      UdsResponse r = c.send(get("/events"), null, 0, HttpWire.DEFAULT_HEAD_LIMIT);
      r.readAll();
      r.finish();
    }
    try (UdsClient.Response r = client.send(get("/"), (byte[]) null)) {
      r.readAll();
    }
    assertThat(server.accepts()).isEqualTo(2);
  }
}
