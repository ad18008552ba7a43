package io.hearth.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The management calls the benchmarks make to a node on 127.0.0.1 (apps, functions, prewarm, node
 * status). Not on any measured path: it uses the JDK's HTTP client. Thread-safe.
 */
public final class HearthApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT).build();

  HearthApi(int port) {
    this.port = port;
  }

  /** The management API of a node listening on this port of 127.0.0.1. */
  public static HearthApi at(int port) {
    return new HearthApi(port);
  }

  /** A function's settings as the benchmarks create it. */
  public record FnSpec(String name, String image, int memoryMb, int timeoutSecs, int idleTimeoutSecs) {}

  public String createApp(String name) throws IOException {
    return send("POST", "/v2/apps", Map.of("name", name)).path("id").asText();
  }

  public String createFn(String appId, FnSpec fn) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app_id", appId);
    body.put("name", fn.name());
    body.put("image", fn.image());
    body.put("memory", fn.memoryMb());
    body.put("timeout", fn.timeoutSecs());
    body.put("idle_timeout", fn.idleTimeoutSecs());
    return send("POST", "/v2/fns", body).path("id").asText();
  }

  /** Deletes the function; its containers retire in the background. */
  public void deleteFn(String fnId) throws IOException {
    send("DELETE", "/v2/fns/" + fnId, null);
  }

  /** Asks the node to start containers of the function ahead of calls (at most 100). */
  public void prewarm(String fnId, int count) throws IOException {
    send("POST", "/v2/fns/" + fnId + "/prewarm?count=" + count, null);
  }

  /** {@code GET /v2/node}. */
  public NodeCounters node() throws IOException {
    return NodeCounters.of(send("GET", "/v2/node", null));
  }

  /**
   * The agent's own count and total time of successful calls so far (its {@code
   * hearth_call_duration_seconds} histogram: from a call's arrival at the agent to the end of its
   * answer), as {count, seconds}.
   */
  public double[] agentCallTime() throws IOException {
    String text = metrics();
    return new double[] {sample(text, "hearth_call_duration_seconds_count{status=\"success\"}"),
        sample(text, "hearth_call_duration_seconds_sum{status=\"success\"}")};
  }

  /** Call records the node has written to its datastore so far ({@code hearth_call_records_written_total}). */
  public long callsRecorded() throws IOException {
    return (long) sample(metrics(), "hearth_call_records_written_total");
  }

  private String metrics() throws IOException {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(TIMEOUT)
        .build();
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: GET /metrics", e);
    }
  }

  /** The value of the exposition line that starts with {@code series} (name and labels), 0 if none. */
  private static double sample(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private JsonNode send(String method, String path, Object body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + method + " " + path, e);
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
  }
}
