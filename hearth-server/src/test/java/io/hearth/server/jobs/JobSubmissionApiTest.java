package io.hearth.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.protocol.LeaseExchange;
import io.hearth.testkit.store.InMemoryJobStore;
import io.hearth.testkit.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Submitting jobs through the jobs API: the answer, defaults, validation naming the field, odd values, bounds. */
class JobSubmissionApiTest extends JobsApiFixture {
  @Test
  void submitAnswers201WithTheQueuedJobAndOnlyTheEnvNames() throws IOException {
    Captured r = call("POST", "/v2/jobs", "{\"name\":\"nightly\",\"image\":\"busybox:1.36\",\"command\":[\"sh\",\"-c\","
        + "\"echo hi\"],\"env\":{\"TOKEN\":\"s3cret\",\"A\":\"1\"},\"priority\":700,\"constraints\":{\"vcpus\":2,"
        + "\"ram_bytes\":1073741824,\"scratch_bytes\":10,\"gpus\":1},\"scheduling\":{\"preemptible\":true,"
        + "\"max_run_time_secs\":60,\"max_attempts\":5},\"labels\":{\"team\":\"search\"}}");
    assertThat(r.status).isEqualTo(201);
    JsonNode j = r.json();
    String id = j.get("id").asText();
    assertThat(r.headers).containsEntry("Location", "/v2/jobs/" + id);
    assertThat(r.body.toString(StandardCharsets.UTF_8)).doesNotContain("s3cret");
    assertThat(j.get("name").asText()).isEqualTo("nightly");
    assertThat(j.get("image").asText()).isEqualTo("busybox:1.36");
    assertThat(j.get("command").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
    assertThat(j.get("env_names").toString()).isEqualTo("[\"A\",\"TOKEN\"]");
    assertThat(j.has("env")).isFalse();
    assertThat(j.get("priority").asInt()).isEqualTo(700);
    assertThat(j.get("constraints").toString())
        .isEqualTo("{\"vcpus\":2,\"ram_bytes\":1073741824,\"scratch_bytes\":10,\"gpus\":1}");
    assertThat(j.get("scheduling").toString())
        .isEqualTo("{\"preemptible\":true,\"max_run_time_secs\":60,\"max_attempts\":5}");
    assertThat(j.get("labels").toString()).isEqualTo("{\"team\":\"search\"}");
    assertThat(j.get("state").asText()).isEqualTo("queued");
    assertThat(j.get("exit_code").isNull()).isTrue();
    assertThat(j.get("runtime_status").toString()).isEqualTo("{\"error\":null,\"warning\":null,\"activity\":null}");
    assertThat(j.get("lock_count").asInt()).isZero();
    assertThat(j.get("locked_by").isNull()).isTrue();
    assertThat(j.get("attempt").asInt()).isEqualTo(1);
    for (String f : List.of("instance_type", "alloc_id", "node_id", "started_at", "finished_at")) {
      assertThat(j.get(f).isNull()).as(f).isTrue();
    }
    assertThat(j.get("created_at").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(j.get("first_seen_at").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(store.get(id).orElseThrow().env()).containsEntry("TOKEN", "s3cret");

    JsonNode got = call("GET", "/v2/jobs/" + id, null).json();
    assertThat(got).isEqualTo(j);
  }

  @Test
  void submitFillsTheDefaults() throws IOException {
    JsonNode j = call("GET", "/v2/jobs/" + submit(JOB), null).json();
    assertThat(j.get("priority").asInt()).isEqualTo(500);
    assertThat(j.get("name").isNull()).isTrue();
    assertThat(j.get("constraints").toString())
        .isEqualTo("{\"vcpus\":1,\"ram_bytes\":268435456,\"scratch_bytes\":0,\"gpus\":0}");
    assertThat(j.get("scheduling").toString())
        .isEqualTo("{\"preemptible\":false,\"max_run_time_secs\":0,\"max_attempts\":3}");
    assertThat(j.get("env_names").size()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|Missing request body",
      "[1]|Invalid JSON: the body must be a JSON object",
      "{nope|Invalid JSON",
      "{\"command\":[]}|Missing image",
      "{\"image\":\"a b\",\"command\":[]}|Invalid image 'a b'",
      "{\"image\":7,\"command\":[]}|Invalid image: must be a string",
      "{\"image\":\"busybox\"}|Missing command",
      "{\"image\":\"busybox\",\"command\":\"ls\"}|Invalid command: must be an array of strings",
      "{\"image\":\"busybox\",\"command\":[\"ls\",3]}|Invalid command[1]: must be a string",
      "{\"image\":\"busybox\",\"command\":[],\"priority\":1001}|Invalid priority must be between 0 and 1000",
      "{\"image\":\"busybox\",\"command\":[],\"priority\":-1}|Invalid priority must be between 0 and 1000",
      "{\"image\":\"busybox\",\"command\":[],\"priority\":\"high\"}|Invalid priority: must be a whole number",
      "{\"image\":\"busybox\",\"command\":[],\"priority\":1.5}|Invalid priority: must be a whole number",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":3}|Invalid constraints: must be an object",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"vcpus\":0}}|Invalid constraints.vcpus must be at least 1",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"ram_bytes\":-1}}|Invalid constraints.ram_bytes must be at least 1",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"scratch_bytes\":-1}}|Invalid constraints.scratch_bytes must not be negative",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"gpus\":\"x\"}}|Invalid constraints.gpus: must be a whole number",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"vcpus\":99999999999}}|Invalid constraints.vcpus: must be a whole number up to",
      "{\"image\":\"busybox\",\"command\":[],\"constraints\":{\"cpu\":1}}|Unknown field 'constraints.cpu'",
      "{\"image\":\"busybox\",\"command\":[],\"scheduling\":{\"max_attempts\":0}}|Invalid scheduling.max_attempts must be between 1 and 100",
      "{\"image\":\"busybox\",\"command\":[],\"scheduling\":{\"max_run_time_secs\":-5}}|Invalid scheduling.max_run_time_secs must not be negative",
      "{\"image\":\"busybox\",\"command\":[],\"scheduling\":{\"preemptible\":\"yes\"}}|Invalid scheduling.preemptible: must be true or false",
      "{\"image\":\"busybox\",\"command\":[],\"env\":{\"A=B\":\"1\"}}|Invalid env key 'A=B'",
      "{\"image\":\"busybox\",\"command\":[],\"env\":{\"A\":1}}|Invalid env.A: must be a string",
      "{\"image\":\"busybox\",\"command\":[],\"labels\":[]}|Invalid labels: must be an object of strings",
      "{\"image\":\"busybox\",\"command\":[],\"labels\":{\"\":\"x\"}}|Invalid labels key ''",
      "{\"image\":\"busybox\",\"command\":[],\"name\":5}|Invalid name: must be a string",
      "{\"image\":\"busybox\",\"command\":[],\"cmd\":[]}|Unknown field 'cmd'",
  })
  void badSubmissionsAre400sNamingTheField(String body, String message) throws IOException {
    Captured r = call("POST", "/v2/jobs", body);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
    assertThat(store.list(io.hearth.store.jobs.JobQuery.first(10)).items()).isEmpty();
  }

  @Test
  void aNulInTheCommandIsA400() throws IOException {
    Captured r = call("POST", "/v2/jobs", "{\"image\":\"busybox\",\"command\":[\"a\\u0000b\"]}");
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).isEqualTo("Invalid command[0]: contains NUL or invalid unicode");
  }

  @Test
  void oddValuesInAnyFieldAreAnsweredNever500() throws IOException {
    List<String> odd = List.of("null", "true", "-1", "0", "1.5", "1e300", "9223372036854775808", "\"\"",
        "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[1]", "{\"a\":1}", "{\"a\":\"b\"}",
        "\"" + "x".repeat(3000) + "\"");
    List<String> fields = List.of("name", "image", "command", "env", "priority", "constraints", "scheduling",
        "labels", "constraints.vcpus", "constraints.ram_bytes", "constraints.scratch_bytes", "constraints.gpus",
        "scheduling.preemptible", "scheduling.max_run_time_secs", "scheduling.max_attempts");
    String id = submit(JOB);
    for (String field : fields) {
      for (String value : odd) {
        String body;
        int dot = field.indexOf('.');
        if (dot < 0) {
          body = "{\"image\":\"busybox\",\"command\":[],\"" + field + "\":" + value + "}";
          if (field.equals("image") || field.equals("command")) {
            body = field.equals("image") ? "{\"command\":[],\"image\":" + value + "}"
                : "{\"image\":\"busybox\",\"command\":" + value + "}";
          }
        } else {
          body = "{\"image\":\"busybox\",\"command\":[],\"" + field.substring(0, dot) + "\":{\""
              + field.substring(dot + 1) + "\":" + value + "}}";
        }
        int status = call("POST", "/v2/jobs", body).status;
        assertThat(status).as(body).isIn(201, 400);
        if (dot < 0 && List.of("name", "priority", "labels").contains(field)) {
          assertThat(call("PATCH", "/v2/jobs/" + id, "{\"" + field + "\":" + value + "}").status).as(field + value)
              .isIn(200, 400);
        }
      }
    }
  }

  @Test
  void namesAreBoundedByTheColumnsWidth() throws IOException {
    String at = "{\"image\":\"busybox\",\"command\":[],\"name\":\"%s\"}";
    assertThat(call("POST", "/v2/jobs", at.formatted("n".repeat(255))).status).isEqualTo(201);
    Captured r = call("POST", "/v2/jobs", at.formatted("n".repeat(256)));
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).isEqualTo("Invalid name: at most 255 characters");
  }
}
