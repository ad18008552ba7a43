package io.hearth.bench.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Every scenario, in the order {@code all} runs them: the light ones first, the sweep (up to 64
 * JVM containers on each side) after them, so that its churn does not disturb the others; then the
 * multi-node ones, whose nodes are processes of their own; last the start storms, which start up
 * to a few hundred JVM containers.
 */
public final class Scenarios {
  private static final List<Scenario> ALL = List.of(new WarmScenario(), new OverheadScenario(), new RecordsScenario(),
      new BurstScenario(), new ManyFunctionsScenario(), new SweepScenario(), new CostScenario(),
      new FootprintScenario(), new LbHopScenario(), new PlacersScenario(), new LeasesScenario(), new AsyncScenario(), new StartsScenario());

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
