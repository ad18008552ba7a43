package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which functions keep containers started whatever their idleness (min_warm), and when to try
 * again to start those that did not fit. Owned by the {@link NodePool} (under the shell's lock);
 * the pool does the launching.
 */
final class MinWarmPlan {
  /** How long a function short of its min_warm containers waits before the pool tries again to start them. */
  static final Duration RETRY = Duration.ofSeconds(5);

  /** The slot kept warm for one function and how many containers it keeps. */
  record MinWarm(SlotKey slot, int count) {}

  private final Map<String, MinWarm> byFunction = new HashMap<>();
  private final DeadlineBound deadlines;
  /** When to try again to start the min_warm containers that did not fit; null when none is missing. */
  private Instant retry;

  MinWarmPlan(DeadlineBound deadlines) {
    this.deadlines = deadlines;
  }

  void keep(MinWarm m) {
    byFunction.put(m.slot().fnId(), m);
  }

  /** Ends the function's min_warm; returns the slot it kept, whose containers may expire from now on. */
  Optional<SlotKey> forget(String fnId) {
    return Optional.ofNullable(byFunction.remove(fnId)).map(MinWarm::slot);
  }

  void clear() {
    byFunction.clear();
    retry = null;
  }

  /** Whether a container of {@code slot}, which has {@code live} containers, is kept whatever its idleness. */
  boolean keeps(SlotKey slot, int live) {
    MinWarm m = byFunction.get(slot.fnId());
    return m != null && m.slot().equals(slot) && live <= m.count();
  }

  /** A container of {@code slot} left, {@code live} remain: one short of min_warm is started again later, not in a loop. */
  void released(SlotKey slot, int live, Instant now) {
    MinWarm m = byFunction.get(slot.fnId());
    if (m != null && m.slot().equals(slot) && live < m.count()) {
      retryAt(now.plus(RETRY));
    }
  }

  void retryAt(Instant at) {
    retry = DeadlineBound.earliest(retry, at);
    deadlines.lower(at);
  }

  /** The settings to top up now, if the retry time has come (it is then cleared). */
  List<MinWarm> takeDue(Instant now) {
    if (retry == null || now.isBefore(retry)) {
      return List.of();
    }
    retry = null;
    return List.copyOf(byFunction.values());
  }

  /** When {@link #takeDue} next returns something; null for never. */
  Instant retryTime() {
    return retry;
  }
}
