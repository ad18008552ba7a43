package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Hearth API over HTTP (java.net.http), for the CLI. Every failure becomes a {@link
 * CliFailure} with the exit code the CLI promises: 3 when no server answers, 4 when it refuses the
 * token (401, 403), 1 for any other error answer, with the server's message.
 */
final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Management calls are quick; invoke has no limit of its own (the function's timeout applies). */
  private static final Duration API_TIMEOUT = Duration.ofSeconds(60);

  /** An error answer is a short JSON message; more than this is not read. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String token;
  private final HttpClient http;

  /** @param token the bearer token, or null or empty for none */
  ApiClient(String baseUrl, String token) {
    String b = baseUrl.strip();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    try {
      URI uri = URI.create(b);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http URL");
      }
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid server URL '" + baseUrl
          + "': use e.g. http://127.0.0.1:8080 (--url or HEARTH_URL)");
    }
    this.base = b;
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
  }

  String base() {
    return base;
  }

  JsonNode get(String path) {
    return json(send("GET", path, null, null, API_TIMEOUT));
  }

  JsonNode post(String path, JsonNode body) {
    return json(send("POST", path, bytes(body), "application/json", API_TIMEOUT));
  }

  JsonNode put(String path, JsonNode body) {
    return json(send("PUT", path, bytes(body), "application/json", API_TIMEOUT));
  }

  JsonNode patch(String path, JsonNode body) {
    return json(send("PATCH", path, bytes(body), "application/json", API_TIMEOUT));
  }

  void delete(String path) {
    send("DELETE", path, null, null, API_TIMEOUT);
  }

  /** GET a text resource (a call's log). */
  String text(String path) {
    return new String(send("GET", path, null, null, API_TIMEOUT).body(), StandardCharsets.UTF_8);
  }

  /**
   * GET a body as a stream (a followed log, an output tar), with no limit on how long it takes; an
   * error answer is its failure, as for every other request. The caller closes the stream.
   */
  InputStream stream(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CliFailure(CliFailure.UNREACHABLE,
          "cannot reach Hearth at " + base + ": is it running? (./hearth server)" + detail(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.server("interrupted");
    }
    if (r.statusCode() >= 400) {
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_ERROR_BYTES);
      } catch (IOException e) {
        body = new byte[0];
      }
      throw failure(r.statusCode(), body);
    }
    return r.body();
  }

  /** Sends a request and returns the answer whatever its status (invoke passes it on). */
  HttpResponse<byte[]> exchange(String method, String path, byte[] body, String contentType) {
    return exchange(method, path, body, contentType, Map.of());
  }

  /** The same, with further request headers. */
  HttpResponse<byte[]> exchange(String method, String path, byte[] body, String contentType,
      Map<String, String> headers) {
    return call(method, path, body, contentType, null, headers);
  }

  /** Throws the failure an error answer means: 4 for 401/403, else 1, with the server's message. */
  static CliFailure failure(HttpResponse<byte[]> r) {
    return failure(r.statusCode(), r.body());
  }

  private static CliFailure failure(int status, byte[] body) {
    String message = message(status, body);
    if (status == 401 || status == 403) {
      return new CliFailure(CliFailure.UNAUTHORIZED, message + " (set HEARTH_API_TOKEN to the server's token)");
    }
    return CliFailure.server(message);
  }

  /** A query string from pairs, leaving out null and empty values. */
  static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return q.toString();
  }

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<byte[]> send(String method, String path, byte[] body, String type, Duration timeout) {
    HttpResponse<byte[]> r = call(method, path, body, type, timeout);
    if (r.statusCode() >= 400) {
      throw failure(r);
    }
    return r;
  }

  private HttpResponse<byte[]> call(String method, String path, byte[] body, String type, Duration timeout) {
    return call(method, path, body, type, timeout, Map.of());
  }

  private HttpResponse<byte[]> call(String method, String path, byte[] body, String type, Duration timeout,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (timeout != null) {
      b.timeout(timeout);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CliFailure(CliFailure.UNREACHABLE,
          "cannot reach Hearth at " + base + ": is it running? (./hearth server)" + detail(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.server("interrupted");
    }
  }

  private static String detail(IOException e) {
    if (e instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException) {
      return "";
    }
    return e.getMessage() == null ? " [" + e.getClass().getSimpleName() + "]" : " [" + e.getMessage() + "]";
  }

  private static String message(int status, byte[] bytes) {
    String body = new String(bytes, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("message")) {
        return n.get("message").asText() + " (" + status + ")";
      }
    } catch (IOException e) {
      // not JSON: show the text
    }
    return body.isEmpty() ? "the server answered " + status : body + " (" + status + ")";
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    if (r.statusCode() == 204 || r.body().length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw CliFailure.server("the server's answer is not JSON: " + e.getMessage());
    }
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
