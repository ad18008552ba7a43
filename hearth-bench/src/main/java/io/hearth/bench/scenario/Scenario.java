package io.hearth.bench.scenario;

import io.hearth.bench.report.ScenarioReport;
import java.util.Optional;

/** One benchmark scenario: measures something through Hearth against floors measured in the same run. */
public interface Scenario {

  String name();

  /** A short title for the report and the scenario list. */
  String title();

  /** Why the scenario cannot run yet, or empty when it can. */
  default Optional<String> unavailable() {
    return Optional.empty();
  }

  /** Runs the scenario, bounded by the context's sizes. */
  ScenarioReport run(BenchContext ctx) throws Exception;
}
