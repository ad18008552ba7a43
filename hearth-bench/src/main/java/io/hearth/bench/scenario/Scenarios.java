package io.hearth.bench.scenario;

import java.util.List;
import java.util.Optional;

/** Every scenario, in the order {@code all} runs them. */
public final class Scenarios {
  private static final List<Scenario> ALL = List.of(new WarmScenario(), new SweepScenario(), new BurstScenario(),
      new ManyFunctionsScenario(), new OverheadScenario(), new LbRunnerScenario());

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
