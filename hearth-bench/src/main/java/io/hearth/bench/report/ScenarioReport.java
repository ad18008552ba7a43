package io.hearth.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario reports.
 *
 * @param status "ok", "failed" (reason says why), "not available" (reason says until when) or
 *               "skipped" (the run's time budget was spent)
 * @param facts  further figures by name (node counters, containers started, settings of the scenario)
 * @param notes  sentences for the reader: what was measured and how
 */
public record ScenarioReport(String name, String title, String status, String reason, List<SeriesReport> series,
    List<Comparison> comparisons, Map<String, Object> facts, List<String> notes, List<Chart> charts) {

  public ScenarioReport {
    series = List.copyOf(series);
    comparisons = List.copyOf(comparisons);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts)); // in the order given
    notes = List.copyOf(notes);
    charts = List.copyOf(charts);
  }

  public static ScenarioReport notRun(String name, String title, String status, String reason) {
    return new ScenarioReport(name, title, status, reason, List.of(), List.of(), Map.of(), List.of(), List.of());
  }
}
