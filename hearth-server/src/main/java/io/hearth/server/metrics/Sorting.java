package io.hearth.server.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Stable sample order in a scrape: by label values, so two scrapes list series alike. */
final class Sorting {
  private static final Comparator<List<String>> VALUES = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  private Sorting() {}

  static <V> List<Map.Entry<List<String>, V>> byLabels(Map<List<String>, V> cells) {
    List<Map.Entry<List<String>, V>> entries = new ArrayList<>(cells.entrySet());
    entries.sort(Map.Entry.comparingByKey(VALUES));
    return entries;
  }
}
