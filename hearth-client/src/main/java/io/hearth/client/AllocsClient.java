package io.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Hearth's leases API over HTTP ({@code java.net.http}): offers, allocs, keepalives, execs, their
 * logs and the files of an alloc's {@code /alloc} directory. Each method is one request and blocks
 * until its answer; every failure is an {@link ApiException} carrying the HTTP status (0 when no
 * answer came) and the server's message. Thread-safe: one client serves any number of threads.
 *
 * <pre>{@code
 * AllocsClient api = AllocsClient.create(URI.create("http://127.0.0.1:8080"), System.getenv("HEARTH_API_TOKEN"));
 * Alloc a = api.create(AllocRequest.of("me", new Resources(512L << 20, 1000)));
 * Exec e = api.exec(a.id(), ExecRequest.of("hearth/busybox", List.of("sh", "-c", "echo hi > /alloc/out")));
 * }</pre>
 */
public final class AllocsClient implements Keepalives {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Lease requests are quick; a slower answer is treated as none (a keeper then retries). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final String token;
  private final HttpClient http;

  private AllocsClient(String base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  /**
   * A client of the server at {@code base} (e.g. {@code http://127.0.0.1:8080}).
   *
   * @param token the bearer token the server wants, or null or blank for none
   * @throws IllegalArgumentException when {@code base} is not an http(s) URL
   */
  public static AllocsClient create(URI base, String token) {
    return create(base, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).build());
  }

  /** The same, over the given HTTP client (its own timeouts, proxy and executor). */
  public static AllocsClient create(URI base, String token, HttpClient http) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(http, "http");
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("not an http URL: '" + base + "' (e.g. http://127.0.0.1:8080)");
    }
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return new AllocsClient(b, token == null || token.isBlank() ? null : token.strip(), http);
  }

  /** The server's URL, without a trailing slash. */
  public String base() {
    return base;
  }

  /** {@code GET /v2/offers}: one offer per node with room, and the nodes that did not answer. */
  public Offers offers() {
    return Wire.offers(json(send("GET", "/v2/offers", null, REQUEST_TIMEOUT)));
  }

  /**
   * {@code POST /v2/allocs}: reserves resources.
   *
   * @throws ApiException 409 when the offer asked for expired, 503 when nothing fits now (the message
   *     names the short resource), 400 when no node could ever hold it
   */
  public Alloc create(AllocRequest request) {
    return Wire.alloc(json(send("POST", "/v2/allocs", Wire.allocRequest(request), REQUEST_TIMEOUT)));
  }

  /** {@code GET /v2/allocs/{id}}: the alloc as it stands now, with its execs. */
  public Alloc get(String allocId) {
    return Wire.alloc(json(send("GET", alloc(allocId), null, REQUEST_TIMEOUT)));
  }

  /** {@code GET /v2/allocs}: one page of allocs, newest first. */
  public AllocPage list(AllocQuery query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.owner().ifPresent(o -> q.add("owner=" + URLEncoder.encode(o, StandardCharsets.UTF_8)));
    query.state().ifPresent(s -> q.add("state=" + s.wire()));
    query.cursor().ifPresent(c -> q.add("cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8)));
    query.perPage().ifPresent(n -> q.add("per_page=" + n));
    return Wire.allocPage(json(send("GET", "/v2/allocs" + q, null, REQUEST_TIMEOUT)));
  }

  /**
   * {@code POST /v2/allocs/{id}/keepalive}: renews the lease for {@code interval} (whole seconds
   * from 1; the server grants at most 5 minutes). A late keepalive revives an expired alloc.
   *
   * @throws ApiException 410 once the alloc was reclaimed or freed
   */
  @Override
  public Granted keepalive(String allocId, Duration interval) {
    long secs = Math.max(1, interval.toSeconds());
    var body = Wire.JSON.createObjectNode().put("interval_secs", secs);
    return Wire.granted(json(send("POST", alloc(allocId) + "/keepalive", body, REQUEST_TIMEOUT)));
  }

  /**
   * {@code DELETE /v2/allocs/{id}}: kills its execs and releases its resources; it stays readable as
   * freed.
   *
   * @return the freed alloc, when the server answered with it
   */
  public Optional<Alloc> free(String allocId) {
    HttpResponse<byte[]> r = send("DELETE", alloc(allocId), null, REQUEST_TIMEOUT);
    return r.body().length == 0 ? Optional.empty() : Optional.of(Wire.alloc(json(r)));
  }

  /**
   * {@code POST /v2/allocs/{id}/execs}: starts a container in the alloc; it comes back pending or
   * running.
   */
  public Exec exec(String allocId, ExecRequest request) {
    return Wire.exec(json(send("POST", alloc(allocId) + "/execs", Wire.execRequest(request), REQUEST_TIMEOUT)));
  }

  /** {@code GET /v2/allocs/{id}/execs/{exec_id}}: its state, exit code, OOM and times. */
  public Exec getExec(String allocId, String execId) {
    return Wire.exec(json(send("GET", exec(allocId, execId), null, REQUEST_TIMEOUT)));
  }

  /**
   * {@code GET .../execs/{exec_id}/log}: its stdout and stderr (bounded by the node), as a stream the
   * caller closes. With {@code follow} the stream goes on until the exec ends.
   */
  public InputStream log(String allocId, String execId, boolean follow) {
    return stream(exec(allocId, execId) + "/log" + (follow ? "?follow=true" : ""));
  }

  /**
   * {@code GET /v2/allocs/{id}/files/{path}}: a file of the alloc's {@code /alloc} directory, as a
   * stream the caller closes.
   *
   * @param path relative to {@code /alloc}, e.g. {@code out/result.txt}
   */
  public InputStream file(String allocId, String path) {
    StringJoiner p = new StringJoiner("/");
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        p.add(segment(part));
      }
    }
    return stream(alloc(allocId) + "/files/" + p);
  }

  private InputStream stream(String path) {
    HttpRequest.Builder b = request("GET", path, null, null);
    HttpResponse<InputStream> r = call(b, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() >= 400) {
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        body = new byte[0];
      }
      throw failure(r.statusCode(), body);
    }
    return r.body();
  }

  private static String alloc(String allocId) {
    return "/v2/allocs/" + segment(allocId);
  }

  private static String exec(String allocId, String execId) {
    return alloc(allocId) + "/execs/" + segment(execId);
  }

  private static String segment(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("an id or path part cannot be empty");
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<byte[]> send(String method, String path, JsonNode body, Duration timeout) {
    HttpResponse<byte[]> r = call(request(method, path, body, timeout), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 400) {
      throw failure(r.statusCode(), r.body());
    }
    return r;
  }

  private HttpRequest.Builder request(String method, String path, JsonNode body, Duration timeout) {
    byte[] bytes = null;
    if (body != null) {
      try {
        bytes = Wire.JSON.writeValueAsBytes(body);
      } catch (IOException e) {
        throw new IllegalStateException("a JSON tree always serializes", e);
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
        bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (timeout != null) {
      b.timeout(timeout);
    }
    if (bytes != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private <T> HttpResponse<T> call(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request = b.build();
    try {
      return http.send(request, handler);
    } catch (HttpTimeoutException e) {
      throw new ApiException(ApiException.NO_ANSWER, "Hearth at " + base + " did not answer "
          + request.method() + " " + request.uri().getPath() + " in time", e);
    } catch (IOException e) {
      String why = e instanceof ConnectException || e.getCause() instanceof ConnectException ? ": is it running?"
          : ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      throw new ApiException(ApiException.NO_ANSWER, "cannot reach Hearth at " + base + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.NO_ANSWER, "interrupted while waiting for Hearth at " + base, e);
    }
  }

  /** The error an answer means, with the server's JSON message (or its text). */
  static ApiException failure(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = Wire.JSON.readTree(text);
      if (n != null && n.hasNonNull("message")) {
        return new ApiException(status, n.get("message").asText());
      }
    } catch (IOException e) {
      // not JSON: the text is the message
    }
    return new ApiException(status, text.isEmpty() ? "the server answered " + status : text);
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    if (r.body().length == 0) {
      return Wire.JSON.createObjectNode();
    }
    try {
      return Wire.JSON.readTree(r.body());
    } catch (IOException e) {
      throw Wire.malformed("not JSON (" + e.getMessage() + ")");
    }
  }
}
