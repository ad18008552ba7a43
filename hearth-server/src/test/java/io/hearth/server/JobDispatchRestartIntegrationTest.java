package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher of a real all-in-one node across a restart and under injected start faults: a job
 * running when the node stops is re-adopted by the restarted node's dispatcher and completes as
 * the same attempt (its container started once); with every container start failing
 * ({@code HEARTH_FAULT_EXEC_START_RATE=1}, test only) a job is unlocked after each failed start
 * and cancelled at the maximum dispatch attempts, saying so.
 */
class JobDispatchRestartIntegrationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  TestServer node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aJobRunningAcrossARestartIsReadoptedAndCompletesAsTheSameAttempt() throws Exception {
    TestDocker.driver();
    node = TestServer.start(Map.of());
    String id = submit("\"command\":[\"sh\",\"-c\",\"sleep 4; echo after > /out/x; echo finished\"]");
    JsonNode running = await(id, "running");
    node = node.restarted();
    JsonNode done = await(id, "complete");
    assertThat(done.get("exit_code").asInt()).isZero();
    assertThat(done.get("attempt").asInt()).as("re-adopted, not retried").isEqualTo(1);
    assertThat(done.get("alloc_id").asText()).isEqualTo(running.get("alloc_id").asText());
    JsonNode attempts = node.json(node.send("GET", "/v2/jobs/" + id + "/attempts", null));
    assertThat(attempts.get("items")).hasSize(1);
    assertThat(node.send("GET", "/v2/jobs/" + id + "/log", null).body()).contains("finished");
  }

  @Test
  void withEveryStartFailingAJobIsCancelledAtTheMaximumDispatchAttempts() throws Exception {
    TestDocker.driver();
    node = TestServer.start(Map.of("HEARTH_FAULT_EXEC_START_RATE", "1"));
    String id = submit("\"command\":[\"true\"]");
    JsonNode done = await(id, "cancelled");
    assertThat(done.get("lock_count").asInt()).isEqualTo(10);
    assertThat(done.path("runtime_status").path("error").asText()).contains("10");
    assertThat(done.path("runtime_status").path("warning").asText()).contains("HEARTH_FAULT_EXEC_START_RATE");
    JsonNode attempts = node.json(node.send("GET", "/v2/jobs/" + id + "/attempts", null));
    assertThat(attempts.get("items")).as("no container ever ran").isEmpty();
  }

  private String submit(String fields) throws Exception {
    HttpResponse<String> r = node.send("POST", "/v2/jobs", "{\"image\":\"" + TestImages.busybox() + "\","
        + "\"constraints\":{\"vcpus\":1,\"ram_bytes\":67108864}," + fields + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return node.json(r).get("id").asText();
  }

  private JsonNode await(String id, String state) throws Exception {
    Instant until = Instant.now().plus(PATIENCE);
    JsonNode j;
    do {
      j = node.json(node.send("GET", "/v2/jobs/" + id, null));
      if (j.get("state").asText().equals(state)) {
        return j;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("job " + id + " is not " + state + " after " + PATIENCE + ": " + j);
  }
}
