package io.hearth.fdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP request a client sent to an HTTP trigger ({@code /t/app/path}), decoded from the call's
 * headers: {@code Fn-Http-Method}, {@code Fn-Http-Request-Url} and each client header {@code K}
 * carried as {@code Fn-Http-H-K}. The agent sends Content-Type unprefixed; it is included here too.
 *
 * @param method     the client's method ({@code GET}, {@code POST}, ...)
 * @param requestUrl the full URL the client asked for, with its query
 * @param headers    the client's headers, names case-insensitive
 */
public record TriggerRequest(String method, String requestUrl, Map<String, List<String>> headers) {
  static final String PREFIX = "Fn-Http-H-";

  public TriggerRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(requestUrl, "requestUrl");
    headers = HeaderMaps.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** The first value of a client header, names case-insensitive. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** Decodes the trigger request from call headers; empty when the call did not come through a trigger. */
  static Optional<TriggerRequest> from(Map<String, List<String>> callHeaders) {
    String method = first(callHeaders, "Fn-Http-Method");
    String url = first(callHeaders, "Fn-Http-Request-Url");
    String intent = first(callHeaders, "Fn-Intent");
    if (method == null && url == null && !"httprequest".equalsIgnoreCase(intent)) {
      return Optional.empty();
    }
    Map<String, List<String>> client = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    callHeaders.forEach((name, values) -> {
      if (name.length() > PREFIX.length() && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        client.computeIfAbsent(name.substring(PREFIX.length()), k -> new ArrayList<>()).addAll(values);
      }
    });
    List<String> contentType = callHeaders.get("Content-Type");
    if (contentType != null && !client.containsKey("Content-Type")) {
      client.put("Content-Type", contentType);
    }
    return Optional.of(new TriggerRequest(method == null ? "" : method.toUpperCase(Locale.ROOT),
        url == null ? "" : url, client));
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
