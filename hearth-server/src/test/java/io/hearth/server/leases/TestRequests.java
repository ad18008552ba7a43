package io.hearth.server.leases;

import io.hearth.protocol.LeaseExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Builds the {@link LeaseExchange.Request} the HTTP front would hand an API for a path and query. */
public final class TestRequests {
  private TestRequests() {}

  /** {@code pathAndQuery} like {@code /v2/jobs?state=queued}; the first value of a repeated name wins. */
  public static LeaseExchange.Request of(String method, String pathAndQuery, String body) {
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
    return new LeaseExchange.Request(method, Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList(), query,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }
}
