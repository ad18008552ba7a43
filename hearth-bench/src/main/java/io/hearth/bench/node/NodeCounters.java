package io.hearth.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of {@code GET /v2/node} that the reports use.
 *
 * @param containers containers per state (starting, idle, frozen, busy)
 * @param warmByFn   containers per function id
 */
public record NodeCounters(long coldStarts, long warmStarts, long evictions, long refused, long memoryUsedBytes,
    long memoryCapacityBytes, Map<String, Integer> containers, Map<String, Integer> warmByFn) {

  static NodeCounters of(JsonNode n) {
    return new NodeCounters(n.path("cold_starts").asLong(), n.path("warm_starts").asLong(),
        n.path("evictions").asLong(), n.path("refused").asLong(), n.path("used").path("memory_bytes").asLong(),
        n.path("capacity").path("memory_bytes").asLong(), ints(n.path("containers")), ints(n.path("warm_by_fn")));
  }

  private static Map<String, Integer> ints(JsonNode obj) {
    Map<String, Integer> out = new LinkedHashMap<>();
    obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }

  /** Counter increases from {@code before} to this snapshot, for a report. */
  public Map<String, Object> since(NodeCounters before) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cold_starts", coldStarts - before.coldStarts);
    out.put("warm_starts", warmStarts - before.warmStarts);
    out.put("evictions", evictions - before.evictions);
    out.put("refused", refused - before.refused);
    return out;
  }

  public int warm(String fnId) {
    return warmByFn.getOrDefault(fnId, 0);
  }
}
