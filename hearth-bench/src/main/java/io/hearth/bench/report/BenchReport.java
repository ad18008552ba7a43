package io.hearth.bench.report;

import java.util.List;
import java.util.Map;

/**
 * A whole run: where and how it ran, and each scenario's report.
 *
 * @param smoke    a CI smoke run: tiny loads, numbers meaningless
 * @param machine  cores, memory, kernel, CPU model, load averages
 * @param software JDK, Hearth, Docker Engine, the image
 * @param settings the run's options
 */
public record BenchReport(boolean smoke, String command, String startedAt, String finishedAt,
    Map<String, Object> machine, Map<String, Object> software, Map<String, Object> settings,
    List<ScenarioReport> scenarios) {}
