package io.hearth.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.leases.TestRequests;
import io.hearth.testkit.store.InMemoryJobStore;
import io.hearth.testkit.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/** What the jobs API tests share: the API over the in-memory store on a manual clock, and calling it as the routes do. */
abstract class JobsApiFixture {
  static final String JOB = "{\"image\":\"busybox:1.36\",\"command\":[\"sh\",\"-c\",\"echo hi\"]}";
  static final ObjectMapper MAPPER = new ObjectMapper();

  final ManualClock clock = new ManualClock();
  final InMemoryJobStore store = new InMemoryJobStore();
  final JobsApi api = new JobsApi(store, new Ids(clock, new Random(7)), clock, MAPPER);

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

  Captured call(String method, String pathAndQuery, String body) throws IOException {
    Captured reply = new Captured();
    api.handle(TestRequests.of(method, pathAndQuery, body), reply);
    assertThat(reply.opens).isEqualTo(1);
    assertThat(reply.contentType).isEqualTo("application/json");
    return reply;
  }

  String submit(String body) throws IOException {
    Captured r = call("POST", "/v2/jobs", body);
    assertThat(r.status).as(r.body.toString()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(1));
    return r.json().get("id").asText();
  }

  String withPriority(int priority, String name) {
    return "{\"image\":\"busybox\",\"command\":[\"true\"],\"priority\":" + priority + ",\"name\":\"" + name + "\"}";
  }
}
