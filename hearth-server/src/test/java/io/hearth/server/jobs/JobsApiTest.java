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

/** The jobs API over the in-memory store: routes, validation, statuses, JSON shapes, paging, order, locks. */
class JobsApiTest {
  private static final String JOB = "{\"image\":\"busybox:1.36\",\"command\":[\"sh\",\"-c\",\"echo hi\"]}";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ManualClock clock = new ManualClock();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final JobsApi api = new JobsApi(store, new Ids(clock, new Random(7)), clock, MAPPER);

  /** A reply kept in memory. */
  static final class Captured implements LeaseExchange.Reply {
    int status;
    int opens;
    Map<String, String> headers = Map.of();
    String contentType;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream open(int status, String contentType) {
      return open(status, contentType, Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, Map<String, String> headers) {
      opens++;
      this.status = status;
      this.contentType = contentType;
      this.headers = headers;
      return body;
    }

    JsonNode json() throws IOException {
      return MAPPER.readTree(body.toByteArray());
    }

    String message() throws IOException {
      return json().path("message").asText();
    }
  }

  private Captured call(String method, String pathAndQuery, String body) throws IOException {
    String path = pathAndQuery;
    Map<String, String> query = new HashMap<>();
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      path = pathAndQuery.substring(0, q);
      for (String kv : pathAndQuery.substring(q + 1).split("&")) {
        String[] p = kv.split("=", 2);
        query.putIfAbsent(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
      }
    }
    List<String> segments = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
    Captured reply = new Captured();
    api.handle(new LeaseExchange.Request(method, segments, query,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)), reply);
    assertThat(reply.opens).isEqualTo(1);
    assertThat(reply.contentType).isEqualTo("application/json");
    return reply;
  }

  private String submit(String body) throws IOException {
    Captured r = call("POST", "/v2/jobs", body);
    assertThat(r.status).as(r.body.toString()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(1));
    return r.json().get("id").asText();
  }

  private String withPriority(int priority, String name) {
    return "{\"image\":\"busybox\",\"command\":[\"true\"],\"priority\":" + priority + ",\"name\":\"" + name + "\"}";
  }

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

  @Test
  void unknownJobsPathsAndMethods() throws IOException {
    assertThat(call("GET", "/v2/jobs/nope", null).status).isEqualTo(404);
    assertThat(call("GET", "/v2/jobs/nope", null).message()).isEqualTo("Job not found: nope");
    assertThat(call("GET", "/v2/jobs/a%20b", null).status).isEqualTo(404);
    assertThat(call("POST", "/v2/jobs/nope/cancel", null).message()).isEqualTo("Job not found: nope");
    assertThat(call("GET", "/v2/jobs/nope/attempts", null).status).isEqualTo(404);
    assertThat(call("PATCH", "/v2/jobs/nope", "{\"priority\":1}").status).isEqualTo(404);
    assertThat(call("GET", "/v2/jobs/x/y/z", null).message()).isEqualTo("Path not found: GET /v2/jobs/x/y/z");
    String id = submit(JOB);
    assertThat(call("GET", "/v2/jobs/" + id + "/what", null).status).isEqualTo(404);
    Captured wrong = call("DELETE", "/v2/jobs/" + id, null);
    assertThat(wrong.status).isEqualTo(405);
    assertThat(wrong.headers).containsEntry("Allow", "GET, PATCH");
    assertThat(call("PUT", "/v2/jobs", null).headers).containsEntry("Allow", "GET, POST");
    assertThat(call("GET", "/v2/jobs/" + id + "/cancel", null).status).isEqualTo(405);
    assertThat(call("GET", "/v2/jobs/" + id + "/lock", null).headers).containsEntry("Allow", "POST");
  }

  @Test
  void listPagesNewestFirstAndFilters() throws IOException {
    String a = submit("{\"image\":\"busybox\",\"command\":[],\"name\":\"a\",\"labels\":{\"team\":\"x\"}}");
    String b = submit("{\"image\":\"busybox\",\"command\":[],\"name\":\"b\",\"labels\":{\"team\":\"y\"}}");
    String c = submit("{\"image\":\"busybox\",\"command\":[],\"name\":\"a\",\"labels\":{\"team\":\"x\"}}");
    call("POST", "/v2/jobs/" + b + "/cancel", null);

    JsonNode first = call("GET", "/v2/jobs?per_page=2", null).json();
    assertThat(ids(first)).containsExactly(c, b);
    String cursor = first.get("next_cursor").asText();
    JsonNode second = call("GET", "/v2/jobs?per_page=2&cursor=" + cursor, null).json();
    assertThat(ids(second)).containsExactly(a);
    assertThat(second.has("next_cursor")).isFalse();

    assertThat(ids(call("GET", "/v2/jobs?state=cancelled", null).json())).containsExactly(b);
    assertThat(ids(call("GET", "/v2/jobs?state=queued", null).json())).containsExactly(c, a);
    assertThat(ids(call("GET", "/v2/jobs?label=team%3Dx", null).json())).containsExactly(c, a);
    assertThat(ids(call("GET", "/v2/jobs?name=b", null).json())).containsExactly(b);
    assertThat(ids(call("GET", "/v2/jobs?name=a&label=team%3Dy", null).json())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "state=done|Invalid state 'done': use queued, locked, running, complete or cancelled",
      "label=team|Invalid label 'team': use key=value",
      "per_page=many|Invalid per_page 'many'",
      "cursor=!!!|Invalid cursor",
      "cursor=eA|Invalid cursor",
      "order=fast|Invalid order 'fast'",
      "order=scheduler&state=queued|Invalid state with order=scheduler",
      "order=scheduler&cursor=!!!|Invalid cursor",
      "order=scheduler&cursor=eA|Invalid cursor",
  })
  void badListQueriesAre400s(String query, String message) throws IOException {
    Captured r = call("GET", "/v2/jobs?" + query, null);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
  }

  @Test
  void aCursorOfOneOrderIsRefusedByTheOther() throws IOException {
    for (int i = 0; i < 3; i++) {
      submit(JOB);
    }
    String newest = call("GET", "/v2/jobs?per_page=1", null).json().get("next_cursor").asText();
    String queue = call("GET", "/v2/jobs?order=scheduler&limit=1", null).json().get("next_cursor").asText();
    assertThat(call("GET", "/v2/jobs?order=scheduler&cursor=" + newest, null).status).isEqualTo(400);
    assertThat(call("GET", "/v2/jobs?cursor=" + queue, null).status).isEqualTo(400);
  }

  @Test
  void schedulerOrderIsLockedThenPriorityThenFirstSeenAndPages() throws IOException {
    String low = submit(withPriority(100, "low"));
    String high1 = submit(withPriority(900, "high1"));
    String high2 = submit(withPriority(900, "high2"));
    String mid = submit(withPriority(500, "mid"));
    String held = submit(withPriority(0, "held"));
    String done = submit(withPriority(1000, "done"));
    call("POST", "/v2/jobs/" + done + "/cancel", null);
    assertThat(call("POST", "/v2/jobs/" + low + "/lock", "{\"dispatcher\":\"d1\"}").status).isEqualTo(200);

    JsonNode all = call("GET", "/v2/jobs?order=scheduler", null).json();
    assertThat(ids(all)).containsExactly(low, high1, high2, mid, held);

    JsonNode p1 = call("GET", "/v2/jobs?order=scheduler&limit=2", null).json();
    assertThat(ids(p1)).containsExactly(low, high1);
    JsonNode p2 = call("GET", "/v2/jobs?order=scheduler&per_page=2&cursor=" + p1.get("next_cursor").asText(), null)
        .json();
    assertThat(ids(p2)).containsExactly(high2, mid);
    JsonNode p3 = call("GET", "/v2/jobs?order=scheduler&per_page=2&cursor=" + p2.get("next_cursor").asText(), null)
        .json();
    assertThat(ids(p3)).containsExactly(held);
  }

  @Test
  void patchChangesPriorityNameAndLabelsUntilTheJobIsFinal() throws IOException {
    String id = submit(JOB);
    Captured r = call("PATCH", "/v2/jobs/" + id, "{\"priority\":800,\"name\":\"renamed\",\"labels\":{\"k\":\"v\"}}");
    assertThat(r.status).isEqualTo(200);
    assertThat(r.json().get("priority").asInt()).isEqualTo(800);
    assertThat(r.json().get("name").asText()).isEqualTo("renamed");
    assertThat(r.json().get("labels").toString()).isEqualTo("{\"k\":\"v\"}");
    assertThat(call("PATCH", "/v2/jobs/" + id, "{}").message()).startsWith("Nothing to change");
    assertThat(call("PATCH", "/v2/jobs/" + id, "{\"priority\":2000}").status).isEqualTo(400);
    assertThat(call("PATCH", "/v2/jobs/" + id, "{\"state\":\"running\"}").message())
        .startsWith("Unknown field 'state'");

    call("POST", "/v2/jobs/" + id + "/cancel", null);
    Captured refused = call("PATCH", "/v2/jobs/" + id, "{\"priority\":100}");
    assertThat(refused.status).isEqualTo(409);
    assertThat(refused.message()).isEqualTo("the job is cancelled: its priority can no longer change");
    assertThat(store.get(id).orElseThrow().priority().value()).isEqualTo(800);
  }

  @Test
  void cancelEndsTheJobOnceAndThenRefuses() throws IOException {
    String id = submit(JOB);
    Captured r = call("POST", "/v2/jobs/" + id + "/cancel", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.json().get("state").asText()).isEqualTo("cancelled");
    assertThat(r.json().get("finished_at").asText()).isEqualTo("2026-01-01T00:00:01.000Z");
    Captured again = call("POST", "/v2/jobs/" + id + "/cancel", null);
    assertThat(again.status).isEqualTo(409);
    assertThat(again.message()).isEqualTo("cannot change from cancelled to cancelled");
    assertThat(call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"d\"}").message())
        .isEqualTo("cannot change from cancelled to locked");
  }

  @Test
  void lockAndUnlockFollowTheStoresRules() throws IOException {
    String id = submit(JOB);
    Captured locked = call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"slurm-1\"}");
    assertThat(locked.status).isEqualTo(200);
    assertThat(locked.json().get("state").asText()).isEqualTo("locked");
    assertThat(locked.json().get("locked_by").asText()).isEqualTo("slurm-1");

    Captured second = call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"cloud\"}");
    assertThat(second.status).isEqualTo(409);
    assertThat(second.message()).isEqualTo("cannot change from locked to locked");

    Captured other = call("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"cloud\"}");
    assertThat(other.status).isEqualTo(403);
    assertThat(other.message()).contains("only its locker may unlock it");

    Captured unlocked = call("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"slurm-1\"}");
    assertThat(unlocked.status).isEqualTo(200);
    assertThat(unlocked.json().get("state").asText()).isEqualTo("queued");
    assertThat(unlocked.json().get("lock_count").asInt()).isEqualTo(1);
    assertThat(unlocked.json().get("locked_by").isNull()).isTrue();

    Captured notLocked = call("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"slurm-1\"}");
    assertThat(notLocked.status).isEqualTo(409);
    assertThat(notLocked.message()).isEqualTo("cannot change from queued to queued");
  }

  @Test
  void aJobOnHoldCannotBeLocked() throws IOException {
    String id = submit(withPriority(0, "held"));
    Captured r = call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"d\"}");
    assertThat(r.status).isEqualTo(409);
    assertThat(r.message()).startsWith("cannot lock a job on hold (priority 0)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|Missing request body",
      "{}|Missing dispatcher",
      "{\"dispatcher\":\" \"}|Missing dispatcher",
      "{\"dispatcher\":3}|Invalid dispatcher: must be a string",
      "{\"dispatcher\":\"d\",\"force\":true}|Unknown field 'force'",
  })
  void lockNeedsADispatcherName(String body, String message) throws IOException {
    String id = submit(JOB);
    Captured r = call("POST", "/v2/jobs/" + id + "/lock", body);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
  }

  @Test
  void theTenthUnlockCancelsSayingSo() throws IOException {
    String id = submit(JOB);
    JsonNode last = null;
    for (int i = 1; i <= 10; i++) {
      assertThat(call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"d\"}").status).as("lock " + i)
          .isEqualTo(200);
      Captured u = call("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"d\"}");
      assertThat(u.status).isEqualTo(200);
      last = u.json();
      if (i < 10) {
        assertThat(last.get("state").asText()).isEqualTo("queued");
        assertThat(last.get("lock_count").asInt()).isEqualTo(i);
      }
    }
    assertThat(last.get("state").asText()).isEqualTo("cancelled");
    assertThat(last.get("runtime_status").get("error").asText())
        .startsWith("cancelled after 10 dispatch attempts (the maximum is 10)");
    assertThat(call("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"d\"}").status).isEqualTo(409);
  }

  @Test
  void attemptsLogAndOutputOfAJobThatHasNotRun() throws IOException {
    String id = submit(JOB);
    Captured attempts = call("GET", "/v2/jobs/" + id + "/attempts", null);
    assertThat(attempts.status).isEqualTo(200);
    assertThat(attempts.json().toString()).isEqualTo("{\"items\":[]}");
    Captured log = call("GET", "/v2/jobs/" + id + "/log", null);
    assertThat(log.status).isEqualTo(404);
    assertThat(log.message()).startsWith("No log yet: job " + id + " has not run (it is queued");
    assertThat(call("GET", "/v2/jobs/" + id + "/output", null).message()).startsWith("No output yet");
    assertThat(call("GET", "/v2/jobs/nope/log", null).message()).isEqualTo("Job not found: nope");
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("items").forEach(j -> out.add(j.get("id").asText()));
    return out;
  }
}
