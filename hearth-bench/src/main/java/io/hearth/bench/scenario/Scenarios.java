package io.hearth.bench.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Every scenario, in the order {@code all} runs them: the light ones first, the sweep (up to 64
 * JVM containers on each side) last, so that its churn does not disturb the others.
 */
public final class Scenarios {
  private static final List<Scenario> ALL = List.of(new WarmScenario(), new OverheadScenario(), new RecordsScenario(),
      new BurstScenario(), new ManyFunctionsScenario(), new SweepScenario(), new LbRunnerScenario());

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
