package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.cli.Cli;
import io.hearth.docker.testing.TestDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs API over real HTTP on an all-in-one node and its embedded datastore: a job submitted,
 * listed, read, re-prioritised, locked and unlocked by an outside dispatcher, cancelled, and then
 * refused a change. The node runs no dispatcher (HEARTH_DISPATCHER=false), so nothing here starts a container.
 */
class JobsIntegrationTest {
  static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    node = TestServer.start(Map.of("HEARTH_DISPATCHER", "false")); // an outside dispatcher locks here
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aJobThroughItsLifeOverHttp() throws Exception {
    HttpResponse<String> submitted = node.send("POST", "/v2/jobs", "{\"name\":\"it\",\"image\":\"busybox:1.36\","
        + "\"command\":[\"sh\",\"-c\",\"echo hi\"],\"env\":{\"SECRET\":\"x\"},\"constraints\":{\"vcpus\":1,"
        + "\"ram_bytes\":67108864},\"labels\":{\"suite\":\"jobs-it\"}}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    JsonNode job = node.json(submitted);
    String id = job.get("id").asText();
    assertThat(submitted.headers().firstValue("Location")).hasValue("/v2/jobs/" + id);
    assertThat(job.get("state").asText()).isEqualTo("queued");
    assertThat(job.get("priority").asInt()).isEqualTo(500);
    assertThat(job.get("env_names").toString()).isEqualTo("[\"SECRET\"]");
    assertThat(submitted.body()).doesNotContain("\"x\"");
    String other = node.json(node.send("POST", "/v2/jobs", "{\"image\":\"busybox:1.36\",\"command\":[],"
        + "\"priority\":100,\"labels\":{\"suite\":\"jobs-it\"}}")).get("id").asText();

    assertThat(ids(node.send("GET", "/v2/jobs?label=suite%3Djobs-it", null))).containsExactly(other, id);
    assertThat(node.json(node.send("GET", "/v2/jobs/" + id, null)).get("name").asText()).isEqualTo("it");

    HttpResponse<String> patched = node.send("PATCH", "/v2/jobs/" + id, "{\"priority\":50}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(node.json(patched).get("priority").asInt()).isEqualTo(50);
    assertThat(ids(node.send("GET", "/v2/jobs?order=scheduler", null))).containsSubsequence(other, id);

    HttpResponse<String> locked = node.send("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"outside\"}");
    assertThat(locked.statusCode()).isEqualTo(200);
    assertThat(node.json(locked).get("locked_by").asText()).isEqualTo("outside");
    assertThat(ids(node.send("GET", "/v2/jobs?order=scheduler", null))).containsSubsequence(id, other);
    HttpResponse<String> stranger = node.send("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"someone\"}");
    assertThat(stranger.statusCode()).isEqualTo(403);
    HttpResponse<String> unlocked = node.send("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"outside\"}");
    assertThat(unlocked.statusCode()).isEqualTo(200);
    assertThat(node.json(unlocked).get("lock_count").asInt()).isEqualTo(1);

    HttpResponse<String> cancelled = node.send("POST", "/v2/jobs/" + id + "/cancel", null);
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(node.json(cancelled).get("state").asText()).isEqualTo("cancelled");
    HttpResponse<String> refused = node.send("PATCH", "/v2/jobs/" + id, "{\"priority\":900}");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(node.json(refused).get("message").asText()).contains("cancelled");
    HttpResponse<String> again = node.send("POST", "/v2/jobs/" + id + "/cancel", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(node.json(again).get("message").asText()).isEqualTo("cannot change from cancelled to cancelled");
    assertThat(ids(node.send("GET", "/v2/jobs?state=cancelled&label=suite%3Djobs-it", null))).containsExactly(id);
    assertThat(node.send("GET", "/v2/jobs/" + id + "/attempts", null).body()).isEqualTo("{\"items\":[]}");
    node.send("POST", "/v2/jobs/" + other + "/cancel", null);
  }

  @Test
  void badInputIs400NamingTheFieldAndUnknownJobs404() throws Exception {
    HttpResponse<String> bad = node.send("POST", "/v2/jobs", "{\"image\":\"busybox\",\"command\":[],"
        + "\"constraints\":{\"vcpus\":0}}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(node.json(bad).get("message").asText()).contains("constraints.vcpus");
    String longest = "{\"image\":\"busybox\",\"command\":[],\"name\":\"" + "n".repeat(255) + "\",\"labels\":{\""
        + "k".repeat(128) + "\":\"" + "v".repeat(512) + "\"}}";
    HttpResponse<String> widest = node.send("POST", "/v2/jobs", longest);
    assertThat(widest.statusCode()).as("the longest fields the API takes fit the columns").isEqualTo(201);
    node.send("POST", "/v2/jobs/" + node.json(widest).get("id").asText() + "/cancel", null);
    HttpResponse<String> missing = node.send("GET", "/v2/jobs/nosuchjob", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(node.json(missing).get("message").asText()).isEqualTo("Job not found: nosuchjob");
    assertThat(node.send("DELETE", "/v2/jobs/nosuchjob", null).headers().firstValue("Allow")).hasValue("GET, PATCH");
  }

  @Test
  void theCliSubmitsListsReprioritisesAndCancels() throws Exception {
    String[] out = new String[1];
    assertThat(cli(out, "jobs", "submit", "busybox:1.36", "-q", "--cpus", "1", "--ram", "64Mi", "--priority", "300",
        "--label", "suite=jobs-cli", "--max-run-time", "5m", "--", "sh", "-c", "echo hi")).isZero();
    String id = out[0].strip();
    JsonNode job = node.json(node.send("GET", "/v2/jobs/" + id, null));
    assertThat(job.get("priority").asInt()).isEqualTo(300);
    assertThat(job.get("scheduling").get("max_run_time_secs").asLong()).isEqualTo(300);
    assertThat(job.get("command").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");

    assertThat(cli(out, "jobs", "list", "--label", "suite=jobs-cli")).isZero();
    assertThat(out[0]).contains(id, "queued", "300");
    assertThat(cli(out, "jobs", "priority", id, "800")).isZero();
    assertThat(out[0].strip()).isEqualTo("job " + id + " now has priority 800");
    assertThat(cli(out, "jobs", "list", "--order", "scheduler", "--json")).isZero();
    assertThat(out[0]).contains(id);
    assertThat(cli(out, "jobs", "cancel", id)).isZero();
    assertThat(cli(out, "jobs", "priority", id, "900")).isEqualTo(1);
    assertThat(out[0]).contains("can no longer change (409)");
  }

  /** Runs the CLI against the node; {@code out[0]} gets what it printed (standard output, then error). */
  private static int cli(String[] out, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Cli.run(args, Map.of("HEARTH_URL", node.url("")),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out[0] = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private static List<String> ids(HttpResponse<String> page) throws Exception {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    node.json(page).get("items").forEach(j -> out.add(j.get("id").asText()));
    return out;
  }
}
