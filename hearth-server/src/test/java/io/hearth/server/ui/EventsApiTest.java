package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.ApiHandler;
import io.hearth.server.http.Auth;
import io.hearth.server.http.Router;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/events} over real HTTP (Jetty on loopback, a short keepalive), behind the token. */
class EventsApiTest {
  final ObjectMapper mapper = new ObjectMapper();
  final EventHub hub = new EventHub(mapper);
  Server jetty;
  String base;

  @BeforeEach
  void start() throws Exception {
    Router router = new Router();
    new EventsApi(hub, Duration.ofMillis(200), () -> hub.event("stats", Map.of("first", true))).register(router);
    jetty = new Server();
    ServerConnector c = new ServerConnector(jetty);
    c.setHost("127.0.0.1");
    c.setPort(0);
    jetty.addConnector(c);
    jetty.setHandler(new ApiHandler(router, mapper, new Auth("t0ken", false)));
    jetty.start();
    base = "http://127.0.0.1:" + c.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
    jetty.stop();
  }

  @Test
  void theStreamGreetsWithStatsThenSendsEventsAndKeepalivesUntilTheHubCloses() throws Exception {
    try (EventStream events = EventStream.open(base, "t0ken")) {
      assertThat(events.status).isEqualTo(200);
      assertThat(events.await("stats", d -> d.get("first").asBoolean(), Duration.ofSeconds(5))).isNotNull();
      long waitFor = System.nanoTime();
      while (!hub.watched() && System.nanoTime() - waitFor < 5_000_000_000L) {
        Thread.sleep(10);
      }
      hub.publish("call", Map.of("call_id", "c1", "status", "success"));
      assertThat(events.await("call", d -> d.get("call_id").asText().equals("c1"), Duration.ofSeconds(5))
          .data().get("status").asText()).isEqualTo("success");
      assertThat(events.await("comment", d -> true, Duration.ofSeconds(5)).comment()).isEqualTo("keepalive");
      hub.close(); // the server stopping: the stream ends (the page reconnects)
      assertThat(events.await("end", d -> true, Duration.ofSeconds(5))).isNotNull();
    }
  }

  @Test
  void withoutTheTokenTheStreamIsRefusedAsTheRestOfV2() throws Exception {
    try (EventStream none = EventStream.open(base, null); EventStream wrong = EventStream.open(base, "nope")) {
      assertThat(none.status).isEqualTo(401);
      assertThat(wrong.status).isEqualTo(403);
    }
    assertThat(hub.stats().subscribers()).isZero();
    var head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(base + "/v2/events")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer t0ken").build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200); // answered at once, no stream held
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
  }
}
