package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.store.LoopbackProxy;
import io.hearth.uds.HttpWire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault suite, case (b): PostgreSQL goes away under load, through a loopback proxy the test closes
 * and reopens. Four clients call a warm function by id, one lists apps. Promised: no request
 * hangs, none answers 500; warm calls answer 200 throughout (from the cache); the API answers 503
 * with Hearth's own message while the database is gone; every call answered 200 has its record
 * once the database is back (records are held through the outage); after recovery all succeeds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultPostgresOutageTest {
  private static final String UNAVAILABLE = "503 The datastore is unavailable; try again shortly";

  @Test
  void aDatabaseOutageUnderLoadLosesNothing() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    try (PostgresTestSchema schema = PostgresTestSchema.create()) { // skips when PostgreSQL does not answer
      LoopbackProxy proxy = LoopbackProxy.start(0, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
      int port = proxy.port();
      try (TestServer node = TestServer.start(Map.of("HEARTH_DB_URL", schema.urlVia(port),
          "HEARTH_FN_CACHE_MSECS", "200"))) {
        String app = node.app("pgfault");
        String fn = node.fn(app, "warm", image, null);
        assertThat(node.invoke(fn, "echo\nwarm").statusCode()).isEqualTo(200);

        long cutAt;
        long backAt;
        FaultLoad load = FaultLoad.start("postgres-outage", 5, 2000, Duration.ofSeconds(40), Duration.ofMillis(20),
            (client, seq) -> client == 0 ? FaultLoad.get(node.url("/v2/apps"))
                : FaultLoad.post(node.url("/invoke/" + fn), "sleep 20", Map.of()));
        try {
          FaultNodeKillTest.awaitAnswers(load, 40, Duration.ofSeconds(20));
          proxy.close(); // the outage: connections cut, new ones refused
          cutAt = load.nowMs();
          long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
          while (!load.causes.containsKey(UNAVAILABLE) && System.nanoTime() < until) {
            Thread.sleep(50); // until the API has seen it
          }
          Thread.sleep(3000); // the outage lasts: its length is what is tested
          proxy = LoopbackProxy.start(port, PostgresTestSchema.HOST, PostgresTestSchema.PORT);
          backAt = load.nowMs();
          FaultNodeKillTest.awaitAnswers(load, load.answered() + 60, Duration.ofSeconds(15));
        } finally {
          assertThat(load.awaitEnd()).as("every client ended: no request hangs").isTrue();
          System.out.println(load.report());
        }

        assertThat(load.lost.get() + load.cut.get() + load.refused.get()).as("requests without an answer").isZero();
        assertThat(load.byStatus().keySet()).isSubsetOf(Set.of(200, 503));
        assertThat(load.causes.keySet()).as("5xx by cause").isSubsetOf(Set.of(UNAVAILABLE));
        assertThat(load.causes).as("the API saw the outage").containsKey(UNAVAILABLE);
        List<FaultLoad.Answer> calls = load.answers.stream().filter(a -> a.client() != 0).toList();
        assertThat(calls).as("warm calls during the outage").allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(calls.stream().filter(a -> a.startedMs() > cutAt && a.startedMs() < backAt)).isNotEmpty();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && (status = node.send("GET", "/v2/apps", null).statusCode()) != 200) {
          Thread.sleep(250);
        }
        assertThat(status).as("the API recovers by itself").isEqualTo(200);
        int found = 0;
        for (FaultLoad.Answer a : calls) { // every answered call's record, held through the outage
          HttpResponse<String> r;
          do {
            r = node.send("GET", "/v2/fns/" + fn + "/calls/" + a.callId(), null);
          } while (r.statusCode() != 200 && System.nanoTime() < deadline && sleep(200));
          assertThat(r.statusCode()).as("record of %s: %s", a.callId(), r.body()).isEqualTo(200);
          found++;
        }
        System.out.println("fault postgres-outage: " + found + " of " + calls.size() + " call records found after it");
        assertThat(node.send("POST", "/v2/apps", "{\"name\":\"after\"}").statusCode()).isEqualTo(200);
        assertThat(node.invoke(fn, "echo\nafter").body()).isEqualTo("after");
      } finally {
        proxy.close();
      }
    }
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
