package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * Jobs run by the dispatcher of a real all-in-one node on the real Docker Engine, submitted through
 * {@code /v2/jobs}: one completes with its exit code, its log and a tar of what it left under
 * {@code /out}; a failing command completes with its exit code 3; one past its max_run_time is
 * killed and cancelled saying so; an output over the bound is not kept and the warning says so; one
 * too big for the node's class is cancelled as unsatisfiable.
 * Every alloc a job ran in is freed afterwards. Run on H2 and on PostgreSQL by the subclasses.
 */
abstract class JobDispatchScenarios {
  /** Output kept per job on these nodes: small, so that a test can go over it cheaply. */
  static final int MAX_OUTPUT = 1 << 20;
  /** Far longer than any of these jobs takes (a container start is well under a second). */
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  abstract TestServer node();

  /** The node settings of these scenarios, with the datastore's. */
  static Map<String, String> settings(Map<String, String> datastore) {
    Map<String, String> env = new HashMap<>(datastore);
    env.put("HEARTH_JOB_MAX_OUTPUT_BYTES", Integer.toString(MAX_OUTPUT));
    return env;
  }

  @Test
  void aJobRunsToCompletionWithItsLogAndItsOutput() throws Exception {
    String id = submit("\"command\":[\"sh\",\"-c\",\"echo hello; echo oops >&2; mkdir -p /out/sub;"
        + " echo result > /out/sub/r.txt; echo top > /out/top.txt\"]");
    JsonNode done = await(id, "complete");
    assertThat(done.get("exit_code").asInt()).isZero();
    assertThat(done.get("attempt").asInt()).isEqualTo(1);
    assertThat(done.get("instance_type").asText()).isEqualTo("all-in-one");
    assertThat(done.path("runtime_status").path("warning").isNull()).as(done.toString()).isTrue();

    String log = new String(bytes("/v2/jobs/" + id + "/log"), StandardCharsets.UTF_8);
    assertThat(log).contains("hello", "oops");
    Map<String, String> files = untar(bytes("/v2/jobs/" + id + "/output"));
    assertThat(files).containsEntry("sub/r.txt", "result\n").containsEntry("top.txt", "top\n");

    JsonNode attempts = node().json(node().send("GET", "/v2/jobs/" + id + "/attempts", null));
    assertThat(attempts.get("items")).hasSize(1);
    assertThat(attempts.get("items").get(0).get("state").asText()).isEqualTo("complete");
    assertFreed(done);
  }

  @Test
  void aFailingCommandCompletesWithItsExitCode() throws Exception {
    String id = submit("\"command\":[\"sh\",\"-c\",\"echo failing; exit 3\"]");
    JsonNode done = await(id, "complete");
    assertThat(done.get("exit_code").asInt()).isEqualTo(3);
    assertThat(new String(bytes("/v2/jobs/" + id + "/log"), StandardCharsets.UTF_8)).contains("failing");
    assertFreed(done);
  }

  @Test
  void aJobPastItsMaxRunTimeIsKilledAndCancelled() throws Exception {
    String id = submit("\"command\":[\"sleep\",\"600\"],\"scheduling\":{\"max_run_time_secs\":2}");
    JsonNode done = await(id, "cancelled");
    assertThat(done.path("runtime_status").path("error").asText()).contains("max_run_time_secs");
    // The job is final first; its attempt ends once its container is killed, a moment later.
    JsonNode attempts = awaitAttemptEnded(id);
    assertThat(attempts.get("items").get(0).get("state").asText()).isEqualTo("cancelled");
    assertFreed(done);
  }

  @Test
  void anOutputOverTheBoundIsNotKeptAndTheWarningSaysSo() throws Exception {
    String id = submit("\"command\":[\"sh\",\"-c\",\"head -c " + (2 * MAX_OUTPUT) + " /dev/zero > /out/big\"],"
        + "\"constraints\":{\"vcpus\":1,\"ram_bytes\":67108864,\"scratch_bytes\":16777216}");
    JsonNode done = await(id, "complete");
    assertThat(done.get("exit_code").asInt()).isZero();
    assertThat(done.path("runtime_status").path("warning").asText()).contains("output not kept", "bound");
    HttpResponse<String> output = node().send("GET", "/v2/jobs/" + id + "/output", null);
    assertThat(output.statusCode()).isEqualTo(404);
  }

  @Test
  void aJobNoNodeClassCanHoldIsCancelledSayingSo() throws Exception {
    String id = submit("\"command\":[\"true\"],\"constraints\":{\"vcpus\":100000,\"ram_bytes\":67108864}");
    JsonNode done = await(id, "cancelled");
    assertThat(done.path("runtime_status").path("error").asText())
        .contains("constraints not satisfiable by any configured instance type");
    assertThat(done.get("alloc_id").isNull()).isTrue();
  }

  private String submit(String fields) throws Exception {
    String body = "{\"image\":\"" + TestImages.busybox() + "\","
        + (fields.contains("\"constraints\"") ? "" : "\"constraints\":{\"vcpus\":1,\"ram_bytes\":67108864},")
        + fields + "}";
    HttpResponse<String> r = node().send("POST", "/v2/jobs", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return node().json(r).get("id").asText();
  }

  /** Reads the job until it is {@code state} (bounded: fails with the last answer after a long wait). */
  private JsonNode await(String id, String state) throws Exception {
    Instant until = Instant.now().plus(PATIENCE);
    JsonNode j;
    do {
      j = node().json(node().send("GET", "/v2/jobs/" + id, null));
      if (j.get("state").asText().equals(state)) {
        return j;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("job " + id + " is not " + state + " after " + PATIENCE + ": " + j);
  }

  /** The job's attempts once its first has ended (or as they are after {@link #PATIENCE}). */
  private JsonNode awaitAttemptEnded(String id) throws Exception {
    Instant until = Instant.now().plus(PATIENCE);
    JsonNode attempts;
    do {
      attempts = node().json(node().send("GET", "/v2/jobs/" + id + "/attempts", null));
      if (!attempts.get("items").get(0).get("state").asText().equals("running")) {
        return attempts;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(until));
    return attempts;
  }

  private void assertFreed(JsonNode job) throws Exception {
    String alloc = job.get("alloc_id").asText();
    Instant until = Instant.now().plus(PATIENCE);
    String state;
    do {
      state = node().json(node().send("GET", "/v2/allocs/" + alloc, null)).get("state").asText();
      if (state.equals("freed")) {
        return;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("alloc " + alloc + " of job " + job.get("id") + " is " + state + ", not freed");
  }

  private byte[] bytes(String path) throws Exception {
    HttpResponse<byte[]> r = node().http.send(HttpRequest.newBuilder(URI.create(node().url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return r.body();
  }

  private static Map<String, String> untar(byte[] tar) throws Exception {
    Map<String, String> files = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
