package io.hearth.server.node;

import io.hearth.core.status.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Idle stop's decisions (issue 11, point 7), pure: a node is <em>idle</em> while it holds no active
 * alloc, runs no call and has no busy container; it has been idle since the first look that found
 * it so, and any look that finds it busy starts over. After {@code threshold} of idleness a runner
 * with idle stop drains and exits 0 (for autoscalers); expired allocs do not keep it up (Reflow's
 * StopIfIdleFor: a pool whose allocs have all expired for that long stops).
 */
public final class IdleStop {
  private IdleStop() {}

  /**
   * One look at the node.
   *
   * @param busy         it holds an active alloc, runs a call or has a busy container
   * @param longestLease when its longest active lease runs out, if it holds one
   */
  public record Look(boolean busy, Optional<Instant> longestLease) {}

  /** Since when the node has been idle, after a look at {@code now}: empty while busy. */
  public static Optional<Instant> idleSince(Optional<Instant> before, Look look, Instant now) {
    return look.busy() ? Optional.empty() : Optional.of(before.orElse(now));
  }

  /** Whether a node idle since {@code idleSince} should stop at {@code now}, given its threshold. */
  public static boolean shouldStop(Optional<Instant> idleSince, Instant now, Duration threshold) {
    return idleSince.isPresent() && !Duration.between(idleSince.get(), now).minus(threshold).isNegative();
  }

  /** What the node reports: whole seconds idle, or the longest remaining lease. */
  public static NodeStatus.Idleness idleness(Optional<Instant> idleSince, Look look, Instant now) {
    long idle = idleSince.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(-1L);
    long lease = look.longestLease().map(t -> Math.max(0, Duration.between(now, t).toSeconds())).orElse(0L);
    return new NodeStatus.Idleness(idle, lease);
  }
}
