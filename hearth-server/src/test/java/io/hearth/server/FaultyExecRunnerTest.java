package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.ledger.Resources;
import io.hearth.testkit.lease.FakeExecRunner;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The test-only fault layer: about the given share of starts fail as an engine refusal, the rest reach the runner. */
class FaultyExecRunnerTest {

  @Test
  void aboutTheGivenShareOfStartsFailAndTheRestRun() {
    FakeExecRunner real = new FakeExecRunner(new ManualClock());
    FaultyExecRunner faulty = new FaultyExecRunner(real, 0.1, new SplittableRandom(7));
    int failed = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      ExecLaunch launch = new ExecLaunch("n1.a" + i, "n1.x" + i, "img", List.of(), Map.of(),
          new Resources(1 << 20, 100), Map.of(), Optional.empty(), Path.of("/tmp/s"), Path.of("/tmp/l"));
      try {
        faulty.start(launch, outcome -> { });
      } catch (DriverException e) {
        assertThat(e.kind()).isEqualTo(DriverException.Kind.FAILED);
        assertThat(e.getMessage()).contains("HEARTH_FAULT_EXEC_START_RATE", "test only");
        failed++;
      }
    }
    assertThat(failed).as("about 10 %% of %d (seeded)", n).isBetween(140, 260);
    assertThat(real.list()).hasSize(n - failed);
  }
}
