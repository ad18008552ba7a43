package io.hearth.store.leases;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** The rows' immutable copies of maps (sorted by key, so they print and serialize alike) and lists. */
final class Copies {

  private Copies() {}

  static SortedMap<String, String> strings(Map<String, String> map, String what) {
    Objects.requireNonNull(map, what);
    var copy = new TreeMap<String, String>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"), Objects.requireNonNull(v, what + " value")));
    return Collections.unmodifiableSortedMap(copy);
  }

  /**
   * @throws IllegalArgumentException if an amount is negative
   */
  static SortedMap<String, Long> amounts(Map<String, Long> resources, String what) {
    Objects.requireNonNull(resources, what);
    var copy = new TreeMap<String, Long>();
    resources.forEach((k, v) -> {
      Objects.requireNonNull(k, what + " key");
      Objects.requireNonNull(v, what + " value");
      if (v < 0) {
        throw new IllegalArgumentException(what + " " + k + " is negative: " + v);
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableSortedMap(copy);
  }

  static List<String> list(List<String> list, String what) {
    Objects.requireNonNull(list, what);
    return List.copyOf(list);
  }
}
