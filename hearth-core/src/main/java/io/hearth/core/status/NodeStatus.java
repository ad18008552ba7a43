package io.hearth.core.status;

import io.hearth.core.ledger.Resources;
import java.util.Map;
import java.util.Objects;

/**
 * What a node runs and holds now: the one status shape, served by the node status API, exposed as
 * metrics, sent by a runner to its lbs (the runner protocol carries it: {@code RunnerStatus} in runner.proto)
 * and read by the lb's view of its runners. The agent fills the pool's part; a runner adds its
 * service's counts ({@link #asRunner}).
 *
 * @param nodeId            the node's id ("" for a node that reports none)
 * @param capacity          what the node may give containers (0 CPU: not accounted)
 * @param used              what is granted to containers now
 * @param containersByState containers per state: starting, idle, frozen, busy
 * @param warmByFn          containers (any state but starting) per function id
 * @param callsWaiting      calls waiting for a container now
 * @param activeCalls       calls it runs or is starting a container for now
 * @param received          calls lbs offered it since start-up (runners; 0 elsewhere)
 * @param handled           calls it committed to and finished since start-up (runners; 0 elsewhere)
 * @param refused           calls refused since start-up: for lack of resources or queue time, and on a
 *                          runner also while draining or for another protocol version
 * @param coldStarts        calls that started a container, since start-up
 * @param warmStarts        calls served by a container already running, since start-up
 * @param evictions         idle containers retired to make room for others, since start-up
 * @param draining          whether it is stopping: it finishes its calls and takes no new ones
 * @param idle              how long it has held nothing, or its longest remaining lease (for idle stop)
 */
public record NodeStatus(
    String nodeId,
    Resources capacity,
    Resources used,
    Map<String, Integer> containersByState,
    Map<String, Integer> warmByFn,
    int callsWaiting,
    int activeCalls,
    long received,
    long handled,
    long refused,
    long coldStarts,
    long warmStarts,
    long evictions,
    boolean draining,
    Idleness idle) {

  public NodeStatus {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(used, "used");
    containersByState = Map.copyOf(containersByState);
    warmByFn = Map.copyOf(warmByFn);
    Objects.requireNonNull(idle, "idle");
  }

  /** A status that does not track idleness ({@link Idleness#UNTRACKED}). */
  public NodeStatus(String nodeId, Resources capacity, Resources used, Map<String, Integer> containersByState,
      Map<String, Integer> warmByFn, int callsWaiting, int activeCalls, long received, long handled, long refused,
      long coldStarts, long warmStarts, long evictions, boolean draining) {
    this(nodeId, capacity, used, containersByState, warmByFn, callsWaiting, activeCalls, received, handled, refused,
        coldStarts, warmStarts, evictions, draining, Idleness.UNTRACKED);
  }

  /**
   * Whether the node holds nothing, and since when, for idle stop (issue 11): how long it has held
   * no active alloc, run no call and had no busy container, or else the longest lease it holds.
   *
   * @param idleSecs         whole seconds it has been idle, or -1 while it holds or runs something
   *                         (or does not track it)
   * @param longestLeaseSecs whole seconds left of the longest active lease it holds; 0 when none
   */
  public record Idleness(long idleSecs, long longestLeaseSecs) {
    public static final Idleness UNTRACKED = new Idleness(-1, 0);

    public Idleness {
      if (idleSecs < -1 || longestLeaseSecs < 0) {
        throw new IllegalArgumentException("idle " + idleSecs + " s, lease " + longestLeaseSecs + " s");
      }
    }
  }

  /** This status with its idleness. */
  public NodeStatus withIdle(Idleness idleness) {
    return new NodeStatus(nodeId, capacity, used, containersByState, warmByFn, callsWaiting, activeCalls, received,
        handled, refused, coldStarts, warmStarts, evictions, draining, idleness);
  }

  /** A node that runs and holds nothing (an api node). */
  public static NodeStatus empty(String nodeId) {
    return new NodeStatus(nodeId, Resources.ZERO, Resources.ZERO, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, false);
  }

  /** This status as a runner reports it: its id, and its service's counts of the calls lbs offered it. */
  public NodeStatus asRunner(String runnerId, int activeCalls, long received, long handled, long refused,
      boolean draining) {
    return new NodeStatus(runnerId, capacity, used, containersByState, warmByFn, callsWaiting, activeCalls, received,
        handled, refused, coldStarts, warmStarts, evictions, draining, idle);
  }
}
