package io.hearth.fdk;

import io.hearth.uds.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, case-insensitive header maps for the public API. Stateless. */
final class HeaderMaps {
  private HeaderMaps() {}

  /** An unmodifiable copy whose lookups ignore the case of names; already-copied maps are reused. */
  static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
    if (headers instanceof Frozen) {
      return headers;
    }
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
    copy.replaceAll((name, values) -> List.copyOf(values));
    return new Frozen(copy);
  }

  static Map<String, List<String>> of(HttpHeaders headers) {
    TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> map.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
    map.replaceAll((name, values) -> List.copyOf(values));
    return new Frozen(map);
  }

  /** Marks a map as already copied and frozen, so records that copy defensively copy only once. */
  private static final class Frozen extends java.util.AbstractMap<String, List<String>> {
    private final TreeMap<String, List<String>> map;
    private final Map<String, List<String>> view;

    Frozen(TreeMap<String, List<String>> map) {
      this.map = map;
      this.view = Collections.unmodifiableMap(map);
    }

    @Override
    public List<String> get(Object key) {
      return key instanceof String ? map.get(key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String && map.containsKey(key);
    }

    @Override
    public java.util.Set<Entry<String, List<String>>> entrySet() {
      return view.entrySet();
    }
  }
}
