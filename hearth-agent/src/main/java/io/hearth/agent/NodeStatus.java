package io.hearth.agent;

import java.util.Map;

/**
 * A snapshot of what the node runs and holds, for the node status API and metrics.
 *
 * @param memoryCapacityBytes memory the node may give containers
 * @param memoryUsedBytes     memory granted to containers now
 * @param cpuCapacityMillis   CPU the node may give containers, in milli-CPUs (0: not accounted)
 * @param cpuUsedMillis       CPU granted to containers now
 * @param containersByState   containers per state: starting, idle, frozen, busy
 * @param warmByFn            containers (any state but starting) per function id
 * @param callsWaiting        calls waiting for a container now
 * @param coldStarts          calls that started a container, since start-up
 * @param warmStarts          calls served by a container already running, since start-up
 * @param refused             calls refused for lack of resources or queue time, since start-up
 * @param evictions           idle containers retired to make room for others, since start-up
 */
public record NodeStatus(
    long memoryCapacityBytes,
    long memoryUsedBytes,
    long cpuCapacityMillis,
    long cpuUsedMillis,
    Map<String, Integer> containersByState,
    Map<String, Integer> warmByFn,
    int callsWaiting,
    long coldStarts,
    long warmStarts,
    long refused,
    long evictions) {

  public NodeStatus {
    containersByState = Map.copyOf(containersByState);
    warmByFn = Map.copyOf(warmByFn);
  }
}
