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

/** The leases API over a fake node: routes, validation, statuses, JSON shapes, paging and logs. */
class LeasesApiTest {
  private static final String ALLOC = "{\"resources\":{\"memory_bytes\":1073741824,\"cpu_mcpus\":500,"
      + "\"disk_bytes\":10,\"gpus\":1,\"fpga\":2},\"owner\":\"pipe\",\"labels\":{\"run\":\"7\"}}";

  @TempDir
  Path scratch;
  private FakeNodeLeases node;
  private LeasesApi api;

  private void start() {
    node = new FakeNodeLeases(scratch);
    api = new LeasesApi(node, new ObjectMapper());
  }

  private CapturedReply call(String method, String pathAndQuery, String body) throws IOException {
    if (api == null) {
      start();
    }
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
    CapturedReply reply = new CapturedReply();
    api.handle(new LeaseExchange.Request(method, segments, query,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)), reply);
    assertThat(reply.opens).as("opened once").isEqualTo(1);
    assertThat(reply.closed).as("closed").isTrue();
    return reply;
  }

  private String create() throws IOException {
    CapturedReply r = call("POST", "/v2/allocs", ALLOC);
    assertThat(r.status).isEqualTo(201);
    return r.json().get("id").asText();
  }

  @Test
  void offersListThisNodesOfferWithItsCapacity() throws IOException {
    CapturedReply r = call("GET", "/v2/offers", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.contentType).isEqualTo("application/json");
    JsonNode offer = r.json().get("items").get(0);
    assertThat(offer.get("id").asText()).isEqualTo("n1.o1");
    assertThat(offer.get("node_id").asText()).isEqualTo("n1");
    assertThat(offer.get("available").toString()).isEqualTo(
        "{\"cpu_mcpus\":4000,\"disk_bytes\":107374182400,\"gpus\":0,\"memory_bytes\":8589934592}");
    assertThat(offer.get("capacity").get("memory_bytes").asLong()).isEqualTo(8L << 30);
    assertThat(r.json().get("unreachable").isArray()).isTrue();
    assertThat(r.json().get("unreachable")).isEmpty();
    assertThat(LeaseJson.readOffer(offer)).isEqualTo(node.offer.get());

    node.offer = Optional.empty();
    assertThat(call("GET", "/v2/offers", null).json().get("items")).isEmpty();
  }

  @Test
  void createMapsTheResourcesAndAnswersTheAlloc() throws IOException {
    CapturedReply r = call("POST", "/v2/allocs", ALLOC.replace("}}", "},\"keepalive_secs\":100000,\"offer_id\":\"n1.o1\"}"));
    assertThat(r.status).isEqualTo(201);
    JsonNode a = r.json();
    assertThat(r.headers).containsEntry("Location", "/v2/allocs/" + a.get("id").asText());
    assertThat(node.lastAlloc.resources()).isEqualTo(new Resources(1L << 30, 500,
        Map.of(Resources.DISK, 10L, Resources.GPU, 1L, "fpga", 2L)));
    assertThat(node.lastAlloc.keepalive()).contains(Duration.ofMinutes(5));
    assertThat(node.lastAlloc.offerId()).contains("n1.o1");
    assertThat(a.get("node_id").asText()).isEqualTo("n1");
    assertThat(a.get("resources").toString()).isEqualTo(
        "{\"cpu_mcpus\":500,\"disk_bytes\":10,\"fpga\":2,\"gpus\":1,\"memory_bytes\":1073741824}");
    assertThat(a.get("owner").asText()).isEqualTo("pipe");
    assertThat(a.get("labels").toString()).isEqualTo("{\"run\":\"7\"}");
    assertThat(a.get("state").asText()).isEqualTo("active");
    assertThat(a.get("created_at").asText()).isEqualTo("2026-01-02T03:04:05.679Z");
    assertThat(a.get("last_keepalive_at").asText()).isEqualTo("2026-01-02T03:04:05.679Z");
    assertThat(a.get("expires_at").asText()).isEqualTo("2026-01-02T03:09:05.679Z");
    assertThat(a.has("ended_at")).isFalse();
    assertThat(a.get("execs")).isEmpty();
  }

  @Test
  void aMissingResourceIsZeroAndNoOfferOrKeepaliveIsEmpty() throws IOException {
    call("POST", "/v2/allocs", "{\"resources\":{\"cpu_mcpus\":1},\"owner\":\"o\"}");
    assertThat(node.lastAlloc.resources()).isEqualTo(new Resources(0, 1));
    assertThat(node.lastAlloc.offerId()).isEmpty();
    assertThat(node.lastAlloc.keepalive()).isEmpty();
    assertThat(node.lastAlloc.labels()).isEmpty();
  }

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

  @Test
  void anExecIsCreatedReadAndItsEnvIsNotEchoed() throws IOException {
    String id = create();
    CapturedReply r = call("POST", "/v2/allocs/" + id + "/execs", "{\"image\":\" busybox:1.36 \",\"cmd\":[\"sh\",\"-c\","
        + "\"echo hi\"],\"env\":{\"TOKEN\":\"s3cret\",\"A\":\"1\"},\"timeout_secs\":30,\"labels\":{\"step\":\"1\"}}");
    assertThat(r.status).isEqualTo(201);
    JsonNode e = r.json();
    String execId = e.get("id").asText();
    assertThat(r.headers).containsEntry("Location", "/v2/allocs/" + id + "/execs/" + execId);
    assertThat(node.lastExec.image()).isEqualTo("busybox:1.36");
    assertThat(node.lastExec.env()).containsEntry("TOKEN", "s3cret");
    assertThat(node.lastExec.timeout()).contains(Duration.ofSeconds(30));
    assertThat(node.lastExec.resources()).isEmpty();
    assertThat(r.text()).doesNotContain("s3cret");
    assertThat(e.get("env_names").toString()).isEqualTo("[\"A\",\"TOKEN\"]");
    assertThat(e.get("alloc_id").asText()).isEqualTo(id);
    assertThat(e.get("cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
    assertThat(e.get("state").asText()).isEqualTo("pending");
    assertThat(e.get("oom").asBoolean()).isFalse();
    assertThat(e.has("exit_code")).isFalse();
    assertThat(e.has("started_at")).isFalse();
    assertThat(e.get("labels").toString()).isEqualTo("{\"step\":\"1\"}");
    assertThat(e.get("resources").get("memory_bytes").asLong()).isEqualTo(1L << 30);

    node.finish(id, execId, 3);
    JsonNode done = call("GET", "/v2/allocs/" + id + "/execs/" + execId, null).json();
    assertThat(done.get("state").asText()).isEqualTo("failed");
    assertThat(done.get("exit_code").asInt()).isEqualTo(3);
    assertThat(done.get("error").asText()).isEqualTo("exited 3");
    assertThat(done.get("started_at").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(done.get("finished_at").asText()).isEqualTo("2026-01-02T03:04:06.678Z");
    JsonNode alloc = call("GET", "/v2/allocs/" + id, null).json();
    assertThat(alloc.get("execs").get(0).get("id").asText()).isEqualTo(execId);
    assertThat(call("GET", "/v2/allocs/" + id + "/execs/nope", null).status).isEqualTo(404);
  }

  @Test
  void freeAnswersTheFreedAllocAndKeepaliveThenIs410() throws IOException {
    String id = create();
    CapturedReply k = call("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":90}");
    assertThat(k.status).isEqualTo(200);
    assertThat(k.json().toString()).isEqualTo("{\"granted_secs\":90,\"expires_at\":\"2026-01-02T03:05:35.678Z\"}");
    call("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":86400}");
    assertThat(node.lastInterval).isEqualTo(Duration.ofMinutes(5));

    CapturedReply f = call("DELETE", "/v2/allocs/" + id, null);
    assertThat(f.status).isEqualTo(200);
    assertThat(f.json().get("state").asText()).isEqualTo("freed");
    assertThat(f.json().get("ended_at").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    CapturedReply gone = call("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":60}");
    assertThat(gone.status).isEqualTo(410);
    assertThat(gone.message()).isEqualTo("alloc expired");
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

  @Test
  void listingPagesNewestFirstAndFilters() throws IOException {
    String a = create();
    String b = create();
    String c = create();
    call("POST", "/v2/allocs", ALLOC.replace("pipe", "other"));
    call("DELETE", "/v2/allocs/" + b, null);

    JsonNode first = call("GET", "/v2/allocs?owner=pipe&per_page=2", null).json();
    assertThat(ids(first)).containsExactly(c, b);
    String cursor = first.get("next_cursor").asText();
    JsonNode second = call("GET", "/v2/allocs?owner=pipe&per_page=2&cursor=" + cursor, null).json();
    assertThat(ids(second)).containsExactly(a);
    assertThat(second.has("next_cursor")).isFalse();
    assertThat(ids(call("GET", "/v2/allocs?state=freed", null).json())).containsExactly(b);
    assertThat(ids(call("GET", "/v2/allocs?per_page=0", null).json())).hasSize(4);
    assertThat(call("GET", "/v2/allocs?state=", null).json().get("items")).hasSize(4);
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
  void aLogIsTextAndFollowingFlushesEachWrite() throws IOException {
    String id = create();
    String execId = call("POST", "/v2/allocs/" + id + "/execs", "{\"image\":\"x\",\"cmd\":[]}").json().get("id").asText();
    CapturedReply r = call("GET", "/v2/allocs/" + id + "/execs/" + execId + "/log", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.contentType).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text()).isEqualTo("hello\n");
    assertThat(r.flushes).isZero();

    node.endLog.countDown();
    CapturedReply f = call("GET", "/v2/allocs/" + id + "/execs/" + execId + "/log?follow=true", null);
    assertThat(f.text()).isEqualTo("hello\nbye\n");
    assertThat(f.flushes).isEqualTo(2);

    node.logText = "";
    CapturedReply empty = call("GET", "/v2/allocs/" + id + "/execs/" + execId + "/log", null);
    assertThat(empty.status).isEqualTo(200);
    assertThat(empty.text()).isEmpty();
    assertThat(call("GET", "/v2/allocs/" + id + "/execs/" + execId + "/log?follow=yes", null).status).isEqualTo(400);
    CapturedReply missing = call("GET", "/v2/allocs/" + id + "/execs/E99/log", null);
    assertThat(missing.status).isEqualTo(404);
    assertThat(missing.contentType).isEqualTo("application/json");
  }

  @Test
  void filesAreBytesFromTheScratchDirectory() throws IOException {
    String id = create();
    Files.createDirectories(scratch.resolve("out"));
    Files.write(scratch.resolve("out/result.bin"), new byte[] {0, 1, 2, (byte) 255});
    CapturedReply r = call("GET", "/v2/allocs/" + id + "/files/out/result.bin", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.contentType).isEqualTo("application/octet-stream");
    assertThat(r.headers).containsEntry("Content-Length", "4");
    assertThat(r.body.toByteArray()).containsExactly(0, 1, 2, 255);
    assertThat(node.lastFile).isEqualTo("out/result.bin");

    assertThat(call("GET", "/v2/allocs/" + id + "/files/nope", null).status).isEqualTo(404);
    CapturedReply dots = call("GET", "/v2/allocs/" + id + "/files/out/../../etc/passwd", null);
    assertThat(dots.status).isEqualTo(400);
    assertThat(dots.message()).contains("without '.' or '..'");
    assertThat(call("GET", "/v2/allocs/" + id + "/files", null).message()).startsWith("Missing file path");
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

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("items").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }
}
