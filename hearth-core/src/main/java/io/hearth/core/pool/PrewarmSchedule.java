package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launches the keep-alive policy asked for later, after a container expired: at most one per slot
 * (a newer plan replaces an older one), dropped when a call for the slot arrives first or the
 * function changes. Owned by the {@link NodePool} (under the shell's lock).
 */
final class PrewarmSchedule {
  private final Map<SlotKey, Instant> planned = new HashMap<>();

  void plan(SlotKey slot, Instant at) {
    planned.put(slot, at);
  }

  void cancel(SlotKey slot) {
    if (!planned.isEmpty()) {
      planned.remove(slot);
    }
  }

  void cancelFunction(String fnId) {
    planned.keySet().removeIf(k -> k.fnId().equals(fnId));
  }

  void clear() {
    planned.clear();
  }

  Optional<Instant> earliest() {
    return planned.values().stream().min(Comparator.naturalOrder());
  }

  /** Removes and returns the slots whose time has come, earliest first. */
  List<SlotKey> takeDue(Instant now) {
    List<Map.Entry<SlotKey, Instant>> due = new ArrayList<>();
    for (Map.Entry<SlotKey, Instant> e : planned.entrySet()) {
      if (!now.isBefore(e.getValue())) {
        due.add(e);
      }
    }
    due.sort(Map.Entry.<SlotKey, Instant>comparingByValue().thenComparing(e -> e.getKey().fnId()));
    List<SlotKey> slots = new ArrayList<>(due.size());
    for (Map.Entry<SlotKey, Instant> e : due) {
      slots.add(e.getKey());
    }
    slots.forEach(planned::remove);
    return slots;
  }
}
