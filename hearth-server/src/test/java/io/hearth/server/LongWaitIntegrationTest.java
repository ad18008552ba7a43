package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 1: a call waiting longer than Jetty's 30 s idle timeout for its container is
 * bounded by the function's own timeouts, not cut by Jetty with a bare 500 and no record. Both
 * calls run at once (about 35 s of real container starts).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LongWaitIntegrationTest {

  @Test
  void aLongStartIsWaitedForAndTheFunctionsInitTimeoutAnswersInFnsWords() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    try (TestServer node = TestServer.start(Map.of())) {
      String app = node.app("long-wait");
      String slow = node.fn(app, "slow", image, "\"config\":{\"TESTFN_INIT_SLEEP_MS\":\"32000\"},"
          + "\"annotations\":{\"hearth.io/init_timeout_ms\":60000}");
      String slower = node.fn(app, "slower", image, "\"config\":{\"TESTFN_INIT_SLEEP_MS\":\"60000\"},"
          + "\"annotations\":{\"hearth.io/init_timeout_ms\":34000}");
      CompletableFuture<HttpResponse<String>> late = CompletableFuture.supplyAsync(() -> call(node, slow));
      CompletableFuture<HttpResponse<String>> tooLate = CompletableFuture.supplyAsync(() -> call(node, slower));

      HttpResponse<String> served = late.get(120, TimeUnit.SECONDS);
      assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
      assertThat(served.body()).isEqualTo("after a long start");

      HttpResponse<String> timedOut = tooLate.get(120, TimeUnit.SECONDS);
      assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(504);
      assertThat(node.json(timedOut).get("message").asText()).isEqualTo(InvokeIntegrationTest.INIT_TIMEOUT);
      String callId = timedOut.headers().firstValue("Fn-Call-Id").orElseThrow();
      HttpResponse<String> record = null;
      for (int i = 0; i < 100 && (record == null || record.statusCode() != 200); i++) { // written in batches
        record = node.send("GET", "/v2/fns/" + slower + "/calls/" + callId, null);
        if (record.statusCode() != 200) {
          Thread.sleep(100);
        }
      }
      assertThat(record.statusCode()).as("the timed-out call has a record").isEqualTo(200);
    }
  }

  private static HttpResponse<String> call(TestServer node, String fn) {
    try {
      return node.invoke(fn, "echo\nafter a long start");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
