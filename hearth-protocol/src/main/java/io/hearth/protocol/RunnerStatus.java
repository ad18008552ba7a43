package io.hearth.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * A runner's answer to the status call.
 *
 * @param activeCalls    calls it runs or is starting a container for now
 * @param received       try-calls received since start-up
 * @param handled        calls it committed to and finished since start-up
 * @param refused        try-calls it refused since start-up
 * @param warmByFn       its containers (any state but starting) per function id
 * @param draining       whether it is stopping (takes no new calls)
 */
public record RunnerStatus(
    String nodeId,
    int activeCalls,
    long received,
    long handled,
    long refused,
    long memoryCapacityBytes,
    long memoryUsedBytes,
    long cpuCapacityMillis,
    long cpuUsedMillis,
    Map<String, Integer> warmByFn,
    boolean draining) {

  public RunnerStatus {
    Objects.requireNonNull(nodeId, "nodeId");
    warmByFn = Map.copyOf(warmByFn);
  }
}
