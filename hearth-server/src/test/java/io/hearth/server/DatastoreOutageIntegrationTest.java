package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.store.LoopbackProxy;
import io.hearth.uds.HttpWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node whose PostgreSQL goes away: the API answers 503 with a clear message, warm functions keep
 * answering (by id and through triggers) from the cache, and everything recovers by itself once the
 * database is back. The network is cut by a loopback proxy between the node and PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatastoreOutageIntegrationTest {
  private PostgresTestSchema schema;
  private LoopbackProxy proxy;
  private TestServer node;

  @BeforeEach
  void setUp() throws Exception {
    TestDocker.driver();
    schema = PostgresTestSchema.create();
    proxy = LoopbackProxy.start(0, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) {
      node.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void apiAnswers503WhileWarmCallsGoOnAndAllRecoversWhenTheDatabaseIsBack() throws Exception {
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    int port = proxy.port();
    // a short cache ttl, so the outage is seen by many refreshes
    node = TestServer.start(Map.of("HEARTH_DB_URL", schema.urlVia(port), "HEARTH_FN_CACHE_MSECS", "200"));
    String app = node.app("outage");
    String fn = node.fn(app, "warm", image, null);
    String cold = node.fn(app, "cold", image, null);
    HttpResponse<String> t = node.send("POST", "/v2/triggers", ApiCases.trigger("t", app, fn, "http", "/warm"));
    assertThat(t.statusCode()).isEqualTo(200);
    assertThat(node.invoke(fn, "echo\nbefore").body()).isEqualTo("before");
    assertThat(node.send("POST", "/t/outage/warm", "echo\nbefore").body()).isEqualTo("before");

    proxy.close();

    HttpResponse<String> list = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> node.send("GET", "/v2/apps",
        null), "the API answers while the database is unreachable instead of hanging");
    assertThat(list.statusCode()).isEqualTo(503);
    assertThat(node.json(list).get("message").asText()).as("Hearth's own words, not the driver's")
        .isEqualTo("The datastore is unavailable; try again shortly");
    assertThat(list.headers().firstValue("Retry-After")).isPresent();
    assertThat(node.send("POST", "/v2/apps", "{\"name\":\"during\"}").statusCode()).isEqualTo(503);
    assertThat(node.invoke(cold, "echo\nx").statusCode()).as("a function never read before").isEqualTo(503);

    for (int i = 0; i < 8; i++) {
      HttpResponse<String> byId = node.invoke(fn, "echo\nduring " + i);
      HttpResponse<String> byTrigger = node.send("POST", "/t/outage/warm", "echo\ntrigger " + i);
      assertThat(byId.statusCode()).isEqualTo(200);
      assertThat(byId.body()).isEqualTo("during " + i);
      assertThat(byTrigger.statusCode()).isEqualTo(200);
      assertThat(byTrigger.body()).isEqualTo("trigger " + i);
      // served although the entry is past its 200 ms ttl and the database is gone: the cache
      // re-reads in the background and keeps the last entry meanwhile
      Thread.sleep(250); // lets the ttl pass: the time is what is tested
    }

    proxy = LoopbackProxy.start(port, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && (status = node.send("GET", "/v2/apps", null).statusCode()) != 200) {
      Thread.sleep(250);
    }
    assertThat(status).as("the API recovers by itself").isEqualTo(200);
    assertThat(node.send("POST", "/v2/apps", "{\"name\":\"after\"}").statusCode()).isEqualTo(200);
    assertThat(node.invoke(cold, "echo\ncold now").body()).isEqualTo("cold now");
    assertThat(node.invoke(fn, "echo\nafter").body()).isEqualTo("after");
  }
}
