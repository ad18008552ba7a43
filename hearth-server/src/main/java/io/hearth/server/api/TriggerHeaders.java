package io.hearth.server.api;

import io.hearth.core.call.Headers;
import java.util.Locale;
import java.util.Set;

/**
 * Fn's HTTP trigger mapping (COMPAT-FN.md section 1), both ways. Pure functions of headers.
 *
 * <p>Request: each client header {@code K} becomes {@code Fn-Http-H-K}, except Content-Type, which
 * passes as it is; then {@code Fn-Http-Method}, {@code Fn-Http-Request-Url} and
 * {@code Fn-Intent: httprequest} are added. Headers about the client's connection (hop-by-hop,
 * Host, Content-Length) describe no part of the request and are left out, as Go's server leaves
 * Host out of the header map in Fn.
 *
 * <p>Response: only Content-Type, Fn-Call-Id and {@code Fn-Http-H-*} headers are kept, the last
 * with the prefix removed (framing headers excepted: the server frames the body itself);
 * {@code Fn-Http-Status} sets the status when it is a valid final status (200..599).
 */
final class TriggerHeaders {
  static final String PREFIX = "Fn-Http-H-";
  private static final Set<String> CONNECTION_HEADERS = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
      "host");

  private TriggerHeaders() {}

  /** The headers the function gets for a client's request. */
  static Headers request(Headers client, String method, String url) {
    Headers out = new Headers();
    client.forEach((name, value) -> {
      if (name.equalsIgnoreCase("Content-Type")) {
        out.add(name, value);
      } else if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        out.add(PREFIX + name, value);
      }
    });
    out.set("Fn-Http-Method", method);
    out.set("Fn-Http-Request-Url", url);
    out.set("Fn-Intent", "httprequest");
    return out;
  }

  /** The status and headers the client gets for the function's answer. */
  static AnswerMapping.Answer response(int status, Headers function) {
    Headers out = new Headers();
    int[] mapped = {status};
    function.forEach((name, value) -> {
      if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Fn-Call-Id")) {
        out.add(name, value);
      } else if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && name.length() > PREFIX.length()) {
        String unprefixed = name.substring(PREFIX.length());
        if (!CONNECTION_HEADERS.contains(unprefixed.toLowerCase(Locale.ROOT))) {
          out.add(unprefixed, value);
        }
      } else if (name.equalsIgnoreCase("Fn-Http-Status")) {
        mapped[0] = finalStatus(value, mapped[0]);
      }
    });
    return new AnswerMapping.Answer(mapped[0], out);
  }

  private static int finalStatus(String value, int fallback) {
    try {
      int s = Integer.parseInt(value.strip());
      return s >= 200 && s <= 599 ? s : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
