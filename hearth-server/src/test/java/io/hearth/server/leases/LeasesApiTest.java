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

/** The leases API over a fake node: routes, JSON shapes, paging, logs and files. */
class LeasesApiTest extends LeasesApiFixture {
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

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("items").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }
}
