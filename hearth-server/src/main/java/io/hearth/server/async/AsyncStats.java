package io.hearth.server.async;

import io.hearth.store.queue.Depth;
import java.util.List;
import java.util.Map;

/**
 * Async calls as the metrics show them: this node's accepted calls, refusals (queue full), claims,
 * retries and outcomes by final state since it started, and the queue per function now.
 */
public record AsyncStats(long accepted, long refusedFull, long claims, long retries, Map<String, Long> outcomes,
    List<Depth> depths) {}
