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

/** The jobs API over the in-memory store: routes, statuses, paging, scheduler order, changes, locks, logs. */
class JobsApiTest extends JobsApiFixture {
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
