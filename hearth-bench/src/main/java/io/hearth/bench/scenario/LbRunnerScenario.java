package io.hearth.bench.scenario;

import io.hearth.bench.report.ScenarioReport;
import java.util.Optional;

/**
 * The lb -> runner path (issue 5). Not measurable until runner nodes exist; it reports so and
 * measures nothing (no stand-in numbers).
 *
 * <p>Hook for issue 5: once {@code hearth server --role lb|runner} exist, start one runner and one
 * lb as in {@link io.hearth.bench.node.BenchNode} (each with its own port), prewarm a function on
 * the runner, and use {@link Phases#closed} with the runner's invoke endpoint as the floor side and
 * the lb's as the Hearth side: the difference at p50 is the lb hop (target <= 300 us). The
 * placers' warm-hit rate (50 functions, Zipf, 3 runners) follows {@link ManyFunctionsScenario}'s
 * pattern; placement cost with 10/100/1000 runners belongs in {@code io.hearth.bench.jmh}. Then
 * drop {@link #unavailable()}.
 */
final class LbRunnerScenario implements Scenario {
  static final String REASON = "not available until runner nodes exist (issue 5)";

  @Override
  public String name() {
    return "lb";
  }

  @Override
  public String title() {
    return "The lb -> runner path";
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.of(REASON);
  }

  @Override
  public ScenarioReport run(BenchContext ctx) {
    return ScenarioReport.notRun(name(), title(), "not available", REASON);
  }
}
