package io.hearth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.ledger.Resources;
import io.hearth.lb.LeaseCall;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.runners.RunnerRow;
import io.hearth.testkit.store.InMemoryLeaseStore;
import io.hearth.testkit.store.InMemoryRunnerStore;
import io.hearth.testkit.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The api node's allocs API over fake runners in process: gathering, placing, routing, listing. */
class ClusterLeasesTest {
  private static final long GIB = 1L << 30;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Resources CAPACITY = new Resources(8 * GIB, 4000);
  private static final Duration TTL = Duration.ofSeconds(5);

  private final ManualClock clock = new ManualClock();
  private final InMemoryRunnerStore registry = new InMemoryRunnerStore();
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  /** By node id: the runner's handler, or absent for a runner that does not answer. */
  private final Map<String, FakeRunner> up = new HashMap<>();
  private final ClusterLeases leases = new ClusterLeases(registry, new AllocListing(store, clock, JSON),
      new FakeForwarder(), clock, new Random(3), JSON,
      new ClusterLeases.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), TTL));

  private final class FakeForwarder implements Forwarder {
    @Override
    public LeaseCall.Outcome forward(RunnerRow runner, LeaseExchange.Request request, Duration deadline,
        LeaseExchange.Reply reply) throws IOException {
      FakeRunner r = up.get(runner.id());
      if (r == null) {
        return new LeaseCall.Outcome.Unreachable("cannot connect (Connection refused)");
      }
      int[] status = new int[1];
      r.handle(request, (s, type) -> {
        status[0] = s;
        return reply.open(s, type);
      });
      return new LeaseCall.Outcome.Answered(status[0]);
    }

    @Override
    public void close() {}
  }

  private FakeRunner runner(String id, Resources available) {
    FakeRunner r = new FakeRunner(id, CAPACITY, available);
    up.put(id, r);
    registry.heartbeat(id, "127.0.0.1:1", false, clock.instant());
    return r;
  }

  private void registeredButDown(String id) {
    registry.heartbeat(id, "127.0.0.1:1", false, clock.instant());
  }

  record Answer(int status, JsonNode json) {
    String message() {
      return json.path("message").asText();
    }
  }

  private Answer call(String method, String path, String body) throws IOException {
    return call(method, path, Map.of(), body);
  }

  private Answer call(String method, String path, Map<String, String> query, String body) throws IOException {
    List<String> segments = List.of(path.substring(1).split("/"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] status = new int[1];
    leases.handle(new LeaseExchange.Request(method, segments, query,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)), (s, type) -> {
          status[0] = s;
          assertThat(type).isEqualTo("application/json");
          return out;
        });
    return new Answer(status[0], JSON.readTree(out.toByteArray()));
  }

  private static String alloc(long memory, long cpu) {
    return "{\"owner\":\"ada\",\"resources\":{\"memory_bytes\":" + memory + ",\"cpu_mcpus\":" + cpu + "}}";
  }

  @Test
  void offersAreMergedFromEveryLiveRunnerAndTheOthersAreNamed() throws Exception {
    runner("r1", new Resources(2 * GIB, 1000));
    runner("r2", new Resources(4 * GIB, 2000));
    registeredButDown("r3");
    registry.heartbeat("r4", "127.0.0.1:1", false, clock.instant().minusSeconds(60)); // silent
    registry.heartbeat("r5", "127.0.0.1:1", true, clock.instant()); // draining: not offering
    runner("full", Resources.ZERO);
    Answer a = call("GET", "/v2/offers", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("items")).extracting(i -> i.get("node_id").asText()).containsExactly("r1", "r2");
    assertThat(a.json().get("items").get(0).get("available").get("memory_bytes").asLong()).isEqualTo(2 * GIB);
    assertThat(a.json().get("unreachable")).extracting(JsonNode::asText).containsExactly("r3", "r4");
    assertThat(a.json().get("unreachable_reasons").get("r3").asText()).contains("cannot connect");
    assertThat(a.json().get("unreachable_reasons").get("r4").asText()).isEqualTo("no heartbeat for 60 s");
  }

  @Test
  void aRunnerThatAnswersAnErrorIsUnreachableWithItsMessage() throws Exception {
    up.put("old", null);
    registry.heartbeat("old", "127.0.0.1:1", false, clock.instant());
    FakeRunner broken = new FakeRunner("old", CAPACITY, CAPACITY) {
      @Override
      public synchronized void handle(LeaseExchange.Request r, LeaseExchange.Reply reply) throws IOException {
        try (OutputStream out = reply.open(404, "application/json")) {
          out.write("{\"message\":\"this runner does not hold leases\"}".getBytes(StandardCharsets.UTF_8));
        }
      }
    };
    up.put("old", broken);
    Answer a = call("GET", "/v2/offers", null);
    assertThat(a.json().get("items")).isEmpty();
    assertThat(a.json().get("unreachable_reasons").get("old").asText())
        .isEqualTo("answered 404: this runner does not hold leases");
  }

  @Test
  void anAllocWithAnOfferIdGoesToTheRunnerItNames() throws Exception {
    FakeRunner r1 = runner("r1", new Resources(2 * GIB, 1000));
    FakeRunner r2 = runner("r2", new Resources(4 * GIB, 2000));
    Answer a = call("POST", "/v2/allocs", "{\"offer_id\":\"" + r2.offerId() + "\",\"owner\":\"ada\","
        + "\"resources\":{\"memory_bytes\":" + GIB + "}}");
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.json().get("id").asText()).startsWith("r2.");
    assertThat(r1.asked).isEmpty();
    Answer stale = call("POST", "/v2/allocs", "{\"offer_id\":\"r2.1\",\"owner\":\"ada\"}");
    assertThat(stale.status()).as("the runner's own answer: its offer changed").isEqualTo(409);
    Answer unknown = call("POST", "/v2/allocs", "{\"offer_id\":\"gone.3\",\"owner\":\"ada\"}");
    assertThat(unknown.status()).isEqualTo(409);
    assertThat(unknown.message()).startsWith("offer expired").contains("gone");
  }

  @Test
  void withoutAnOfferIdTheClosestFitTakesIt() throws Exception {
    FakeRunner roomy = runner("roomy", new Resources(8 * GIB, 4000));
    FakeRunner snug = runner("snug", new Resources(2 * GIB, 4000));
    Answer a = call("POST", "/v2/allocs", alloc(2 * GIB, 1000));
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.json().get("id").asText()).startsWith("snug.");
    assertThat(roomy.allocs).isEmpty();
    assertThat(snug.allocs).hasSize(1);
  }

  @Test
  void aRunnerThatRefusesOrIsGoneHandsTheAllocToTheNextCandidate() throws Exception {
    FakeRunner snug = runner("snug", new Resources(2 * GIB, 4000));
    snug.refuseAcceptsWith = 503;
    FakeRunner next = runner("next", new Resources(4 * GIB, 4000));
    FakeRunner last = runner("last", new Resources(6 * GIB, 4000));
    last.refuseAcceptsWith = 409;
    Answer a = call("POST", "/v2/allocs", alloc(GIB, 1000));
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.json().get("id").asText()).startsWith("next.");
    next.refuseAcceptsWith = 409;
    Answer none = call("POST", "/v2/allocs", alloc(GIB, 1000));
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.message()).contains("took other work meanwhile").contains("refused by the test");
  }

  @Test
  void nothingFreeNowIs503NamingTheResourceAndNoCapacityEverIs400() throws Exception {
    runner("r1", new Resources(2 * GIB, 1000));
    runner("r2", new Resources(GIB, 4000));
    Answer busy = call("POST", "/v2/allocs", alloc(4 * GIB, 500));
    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.message()).contains("memory_bytes (asked " + 4 * GIB);
    Answer never = call("POST", "/v2/allocs", alloc(64 * GIB, 500));
    assertThat(never.status()).isEqualTo(400);
    assertThat(never.message()).contains("No runner could ever hold");
    registeredButDown("r3");
    Answer maybe = call("POST", "/v2/allocs", alloc(64 * GIB, 500));
    assertThat(maybe.status()).as("the runner that did not answer might hold it").isEqualTo(503);
    assertThat(maybe.message()).contains("r3");
  }

  @Test
  void aBadRequestIsAnswered400WithoutAskingAnyRunner() throws Exception {
    FakeRunner r1 = runner("r1", new Resources(2 * GIB, 1000));
    assertThat(call("POST", "/v2/allocs", "not json").status()).isEqualTo(400);
    assertThat(call("POST", "/v2/allocs", "[1]").status()).isEqualTo(400);
    Answer neg = call("POST", "/v2/allocs", "{\"resources\":{\"memory_bytes\":-1}}");
    assertThat(neg.status()).isEqualTo(400);
    assertThat(neg.message()).contains("resources.memory_bytes");
    assertThat(call("POST", "/v2/allocs", "{\"offer_id\":7}").status()).isEqualTo(400);
    assertThat(r1.asked).isEmpty();
  }

  @Test
  void anAllocIdIsRoutedToItsRunnerWhateverFollowsIt() throws Exception {
    FakeRunner r1 = runner("r1", new Resources(2 * GIB, 1000));
    runner("r2", new Resources(4 * GIB, 2000));
    String id = call("POST", "/v2/allocs", "{\"offer_id\":\"r1.1\",\"owner\":\"ada\",\"resources\":{\"memory_bytes\":"
        + GIB + "}}").json().get("id").asText();
    assertThat(call("GET", "/v2/allocs/" + id, null).json().get("state").asText()).isEqualTo("active");
    assertThat(call("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":60}").json()
        .get("granted_secs").asInt()).isEqualTo(120);
    assertThat(call("DELETE", "/v2/allocs/" + id, null).json().get("state").asText()).isEqualTo("freed");
    assertThat(r1.asked).contains("GET /v2/allocs/" + id, "POST /v2/allocs/" + id + "/keepalive",
        "DELETE /v2/allocs/" + id);
  }

  @Test
  void anAllocOfAnUnknownNodeIs404AndOfAnUnreachableOne503() throws Exception {
    registeredButDown("r3");
    Answer unknown = call("GET", "/v2/allocs/zz.01JABC", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).contains("zz").contains("not a registered runner");
    Answer down = call("GET", "/v2/allocs/r3.01JABC/execs/E1", null);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.message()).isEqualTo("runner r3 is unreachable: cannot connect (Connection refused)");
  }

  @Test
  void theListIsReadFromTheSharedStorePaged() throws Exception {
    for (int i = 0; i < 3; i++) {
      store.insertAlloc(AllocRow.active("r" + i + ".A" + i, "r" + i, i == 2 ? "bob" : "ada", Map.of("k", "v"),
          Map.of("memory_bytes", GIB), clock.instant().plusSeconds(i), clock.instant().plusSeconds(120)));
    }
    clock.advance(Duration.ofSeconds(121));
    Answer page = call("GET", "/v2/allocs", Map.of("owner", "ada", "per_page", "1"), null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().get("items")).hasSize(1);
    assertThat(page.json().get("items").get(0).get("id").asText()).isEqualTo("r1.A1");
    assertThat(page.json().get("items").get(0).get("state").asText()).as("its lease ran out").isEqualTo("expired");
    String cursor = page.json().get("next_cursor").asText();
    Answer second = call("GET", "/v2/allocs", Map.of("owner", "ada", "per_page", "1", "cursor", cursor), null);
    assertThat(second.json().get("items").get(0).get("id").asText()).isEqualTo("r0.A0");
    Answer bad = call("GET", "/v2/allocs", Map.of("state", "sleeping"), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("Unknown alloc state 'sleeping'");
    assertThat(call("GET", "/v2/allocs", Map.of("cursor", "xyz"), null).status()).isEqualTo(400);
  }

  @Test
  void otherPathsAndMethodsAreJsonErrors() throws Exception {
    assertThat(call("POST", "/v2/offers", null).status()).isEqualTo(405);
    assertThat(call("PUT", "/v2/allocs", null).status()).isEqualTo(405);
    assertThat(call("GET", "/v2/offerz", null).status()).isEqualTo(404);
  }
}
