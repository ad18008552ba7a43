package io.hearth.server.ui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs between two looks at a store's live objects, each a map from id to what the
 * dashboard shows of it (a value record: equal when nothing shown changed). Pure.
 *
 * @param changed  what is new or differs from the earlier look, in the later look's order
 * @param departed ids of the earlier look that the later one lacks: they ended (or were deleted), so
 *                 the caller reads them once more to say how
 */
record Changes<V>(List<V> changed, Set<String> departed) {

  Changes {
    changed = List.copyOf(changed);
    departed = Set.copyOf(departed);
  }

  static <V> Changes<V> between(Map<String, V> before, Map<String, V> after) {
    List<V> changed = new ArrayList<>();
    after.forEach((id, v) -> {
      if (!v.equals(before.get(id))) {
        changed.add(v);
      }
    });
    Set<String> departed = new LinkedHashSet<>(before.keySet());
    departed.removeAll(after.keySet());
    return new Changes<>(changed, departed);
  }

  boolean isEmpty() {
    return changed.isEmpty() && departed.isEmpty();
  }
}
