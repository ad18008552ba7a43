package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.ledger.Resources;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.StoreException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The leases API's refusals: validation naming the field, each failure's status, wrong methods and paths, outages. */
class LeasesApiErrorsTest extends LeasesApiFixture {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''|Missing request body",
      "[1]|Invalid JSON: the body must be a JSON object",
      "{nope|Invalid JSON",
      "{\"owner\":\"a\"}|Missing resources",
      "{\"owner\":\"a\",\"resources\":[]}|Invalid resources: must be an object",
      "{\"owner\":\"a\",\"resources\":{\"memory_bytes\":-1}}|Invalid resources.memory_bytes: must be a whole number >= 0, is -1",
      "{\"owner\":\"a\",\"resources\":{\"memory_bytes\":1.5}}|Invalid resources.memory_bytes: must be a whole number >= 0",
      "{\"owner\":\"a\",\"resources\":{\"cpu_mcpus\":\"1\"}}|Invalid resources.cpu_mcpus: must be a whole number >= 0",
      "{\"owner\":\"a\",\"resources\":{\"gpus\":1e400}}|Invalid resources.gpus: must be a whole number >= 0",
      "{\"owner\":\"a\",\"resources\":{\"memory\":1}}|Invalid resources key 'memory': use 'memory_bytes'",
      "{\"owner\":\"a\",\"resources\":{\"disk\":1}}|Invalid resources key 'disk': use 'disk_bytes'",
      "{\"owner\":\"a\",\"resources\":{\"a b\":1}}|Invalid resources key 'a b'",
      "{\"resources\":{}}|Missing owner",
      "{\"resources\":{},\"owner\":\" \"}|Missing owner",
      "{\"resources\":{},\"owner\":5}|Invalid owner: must be a string",
      "{\"resources\":{},\"owner\":\"a\\u0000b\"}|Invalid owner: contains NUL",
      "{\"resources\":{},\"owner\":\"a\",\"keepalive_secs\":0}|Invalid keepalive_secs: must be a whole number of seconds from 1, is 0",
      "{\"resources\":{},\"owner\":\"a\",\"keepalive_secs\":\"60\"}|Invalid keepalive_secs: must be a whole number of seconds from 1",
      "{\"resources\":{},\"owner\":\"a\",\"keepalive_secs\":1.5}|Invalid keepalive_secs: must be a whole number of seconds from 1",
      "{\"resources\":{},\"owner\":\"a\",\"labels\":{\"k\":1}}|Invalid labels.k: must be a string",
      "{\"resources\":{},\"owner\":\"a\",\"labels\":[]}|Invalid labels: must be an object of strings",
      "{\"resources\":{},\"owner\":\"a\",\"offer_id\":7}|Invalid offer_id: must be a string",
  })
  void badAllocRequestsAre400sNamingTheField(String body, String message) throws IOException {
    CapturedReply r = call("POST", "/v2/allocs", body);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.contentType).isEqualTo("application/json");
    assertThat(r.message()).startsWith(message);
    assertThat(node.lastAlloc).as("never reaches the node").isNull();
  }

  @Test
  void aBodyOverTheLimitIs413() throws IOException {
    CapturedReply r = call("POST", "/v2/allocs", "{\"owner\":\"" + "x".repeat(LeaseRequests.MAX_BODY_BYTES) + "\"}");
    assertThat(r.status).isEqualTo(413);
    assertThat(r.message()).contains("larger than");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"cmd\":[]}|Missing image",
      "{\"image\":\"\",\"cmd\":[]}|Missing image",
      "{\"image\":\"a b\",\"cmd\":[]}|Invalid image 'a b'",
      "{\"image\":\"busybox\"}|Missing cmd",
      "{\"image\":\"busybox\",\"cmd\":\"ls\"}|Invalid cmd: must be an array of strings",
      "{\"image\":\"busybox\",\"cmd\":[\"ls\",1]}|Invalid cmd[1]: must be a string",
      "{\"image\":\"busybox\",\"cmd\":[],\"env\":{\"A=B\":\"x\"}}|Invalid env key 'A=B'",
      "{\"image\":\"busybox\",\"cmd\":[],\"env\":{\"A\":2}}|Invalid env.A: must be a string",
      "{\"image\":\"busybox\",\"cmd\":[],\"timeout_secs\":0}|Invalid timeout_secs: must be a whole number of seconds from 1",
      "{\"image\":\"busybox\",\"cmd\":[],\"timeout_secs\":99999999999}|Invalid timeout_secs: at most",
      "{\"image\":\"busybox\",\"cmd\":[],\"resources\":{\"gpus\":-1}}|Invalid resources.gpus: must be a whole number >= 0",
  })
  void badExecRequestsAre400sNamingTheField(String body, String message) throws IOException {
    String id = create();
    CapturedReply r = call("POST", "/v2/allocs/" + id + "/execs", body);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
    assertThat(node.lastExec).isNull();
  }


  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{}|Missing interval_secs",
      "{\"interval_secs\":0}|Invalid interval_secs: must be a whole number of seconds from 1, is 0",
      "{\"interval_secs\":-5}|Invalid interval_secs",
      "{\"interval_secs\":\"x\"}|Invalid interval_secs",
  })
  void badKeepalivesAre400s(String body, String message) throws IOException {
    String id = create();
    CapturedReply r = call("POST", "/v2/allocs/" + id + "/keepalive", body);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
  }

  @ParameterizedTest
  @EnumSource(LeaseResult.Failure.class)
  void everyFailureIsItsStatusWithItsMessage(LeaseResult.Failure failure) throws IOException {
    String id = create();
    node.refuse = failure;
    for (String[] req : List.of(new String[] {"POST", "/v2/allocs", ALLOC},
        new String[] {"GET", "/v2/allocs/" + id, null}, new String[] {"DELETE", "/v2/allocs/" + id, null},
        new String[] {"POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":5}"},
        new String[] {"POST", "/v2/allocs/" + id + "/execs", "{\"image\":\"x\",\"cmd\":[]}"},
        new String[] {"GET", "/v2/allocs/" + id + "/execs/E1", null},
        new String[] {"GET", "/v2/allocs/" + id + "/execs/E1/log", null},
        new String[] {"GET", "/v2/allocs/" + id + "/files/out.txt", null})) {
      CapturedReply r = call(req[0], req[1], req[2]);
      assertThat(r.status).as(req[0] + " " + req[1]).isEqualTo(failure.status());
      assertThat(r.contentType).isEqualTo("application/json");
      assertThat(r.json().fieldNames()).toIterable().containsExactly("message");
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "PUT, /v2/offers, GET",
      "PATCH, /v2/allocs, 'GET, POST'",
      "POST, /v2/allocs/n1.A1, 'GET, DELETE'",
      "GET, /v2/allocs/n1.A1/keepalive, POST",
      "GET, /v2/allocs/n1.A1/execs, POST",
      "DELETE, /v2/allocs/n1.A1/execs/E1, GET",
      "POST, /v2/allocs/n1.A1/execs/E1/log, GET",
      "PUT, /v2/allocs/n1.A1/files/a, GET",
  })
  void aWrongMethodIs405WithAllow(String method, String path, String allow) throws IOException {
    CapturedReply r = call(method, path, "{}");
    assertThat(r.status).isEqualTo(405);
    assertThat(r.headers).containsEntry("Allow", allow);
    assertThat(r.message()).isEqualTo("Method not allowed: " + method + " " + path);
  }

  @ParameterizedTest
  @CsvSource({"/v2/offers/x", "/v2/allocs/n1.A1/bogus", "/v2/allocs/n1.A1/keepalive/x",
      "/v2/allocs/n1.A1/execs/E1/bogus", "/v2/allocs/n1.A1/execs/E1/log/x", "/v2/other"})
  void anUnknownPathIs404(String path) throws IOException {
    CapturedReply r = call("GET", path, null);
    assertThat(r.status).isEqualTo(404);
    assertThat(r.message()).isEqualTo("Path not found: GET " + path);
  }

  @Test
  void anIdThatCannotBeOneIs404WithoutAskingTheNode() throws IOException {
    CapturedReply r = call("GET", "/v2/allocs/a%20b", null);
    assertThat(r.status).isEqualTo(404);
    assertThat(r.message()).startsWith("Alloc not found");
    CapturedReply unknown = call("GET", "/v2/allocs/n1.nope", null);
    assertThat(unknown.status).isEqualTo(404);
    assertThat(call("GET", "/v2/allocs/n1.x/execs/" + "e".repeat(300), null).message()).startsWith("Exec not found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "state=bogus|Invalid state 'bogus': use active, expired, reclaimed or freed",
      "cursor=!!!|Invalid cursor: pass the next_cursor of the previous page unchanged",
      "cursor=YWJj|Invalid cursor",
      "cursor=MTIzAGEAYg|Invalid cursor",
      "per_page=ten|Invalid per_page 'ten': must be a whole number from 1 to 100",
  })
  void badListQueriesAre400s(String query, String message) throws IOException {
    CapturedReply r = call("GET", "/v2/allocs?" + query, null);
    assertThat(r.status).isEqualTo(400);
    assertThat(r.message()).startsWith(message);
  }

  @Test
  void aDatastoreOutageIs503AndABugIs500WithoutDetails() throws IOException {
    start();
    api = new LeasesApi(new FakeNodeLeases(scratch) {
      @Override
      public synchronized io.hearth.store.Page<io.hearth.store.leases.AllocRecord> list(
          io.hearth.store.leases.AllocQuery query) {
        throw new StoreException.Unavailable("connection refused", null);
      }

      @Override
      public synchronized java.util.Optional<Offer> offer() {
        throw new IllegalStateException("a bug");
      }
    }, new ObjectMapper());
    CapturedReply r = call("GET", "/v2/allocs", null);
    assertThat(r.status).isEqualTo(503);
    assertThat(r.headers).containsEntry("Retry-After", "1");
    assertThat(r.message()).contains("datastore is unavailable").doesNotContain("connection refused");
    CapturedReply bug = call("GET", "/v2/offers", null);
    assertThat(bug.status).isEqualTo(500);
    assertThat(bug.message()).doesNotContain("a bug");
  }
}
