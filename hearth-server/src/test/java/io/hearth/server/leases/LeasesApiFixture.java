package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.ledger.Resources;
import io.hearth.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the leases API tests share: the API over a fake node, and calling it as the HTTP routes do. */
abstract class LeasesApiFixture {
  static final String ALLOC = "{\"resources\":{\"memory_bytes\":1073741824,\"cpu_mcpus\":500,"
      + "\"disk_bytes\":10,\"gpus\":1,\"fpga\":2},\"owner\":\"pipe\",\"labels\":{\"run\":\"7\"}}";

  @TempDir
  Path scratch;
  FakeNodeLeases node;
  LeasesApi api;

  void start() {
    node = new FakeNodeLeases(scratch);
    api = new LeasesApi(node, new ObjectMapper());
  }

  CapturedReply call(String method, String pathAndQuery, String body) throws IOException {
    if (api == null) {
      start();
    }
    CapturedReply reply = new CapturedReply();
    api.handle(TestRequests.of(method, pathAndQuery, body), reply);
    assertThat(reply.opens).as("opened once").isEqualTo(1);
    assertThat(reply.closed).as("closed").isTrue();
    return reply;
  }

  String create() throws IOException {
    CapturedReply r = call("POST", "/v2/allocs", ALLOC);
    assertThat(r.status).isEqualTo(201);
    return r.json().get("id").asText();
  }
}
