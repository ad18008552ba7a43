package io.hearth.server;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecRunner;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * TEST ONLY ({@code HEARTH_FAULT_EXEC_START_RATE}): an {@link ExecRunner} whose container starts fail
 * a given share of the time, as an engine that refuses would (nothing is left behind, the exec
 * ends failed with the message), for chaos tests of what the dispatcher does about failed starts.
 * Everything else goes to the real runner. Thread-safe when {@code random} is.
 */
final class FaultyExecRunner implements ExecRunner {
  private final ExecRunner real;
  private final double rate;
  private final RandomGenerator random;

  FaultyExecRunner(ExecRunner real, double rate, RandomGenerator random) {
    this.real = real;
    this.rate = rate;
    this.random = random;
  }

  @Override
  public String start(ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    boolean fail;
    synchronized (random) {
      fail = random.nextDouble() < rate;
    }
    if (fail) {
      throw new DriverException(DriverException.Kind.FAILED, "cannot start exec " + launch.execId()
          + ": a fault injected on purpose (HEARTH_FAULT_EXEC_START_RATE=" + rate + ", test only)");
    }
    return real.start(launch, onEnd);
  }

  @Override
  public void adopt(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    real.adopt(containerId, launch, onEnd);
  }

  @Override
  public void kill(String containerId, String reason) {
    real.kill(containerId, reason);
  }

  @Override
  public void remove(String containerId) {
    real.remove(containerId);
  }

  @Override
  public List<ExecContainer> list() {
    return real.list();
  }
}
