package io.hearth.agent.exec;

import io.hearth.core.driver.ContainerState;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecOutcome.End;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** How an exec ended, decided from what the engine says of its stopped container. Pure. */
final class ExecEnds {
  static final String GONE = "its container is gone";

  private ExecEnds() {}

  /**
   * @param state      the stopped container's state ({@link #gone} when the engine no longer has it)
   * @param killReason why Hearth killed it, when it did: that wins over how the process ended
   * @param memoryLimit the container's memory limit, for the out-of-memory message (0: none)
   */
  static ExecOutcome outcome(ContainerState state, boolean gone, Optional<String> killReason, long memoryLimit,
      Instant now) {
    if (killReason.isPresent()) {
      return new ExecOutcome(End.KILLED, OptionalInt.empty(), state.oomKilled(), killReason.get(), now);
    }
    if (gone) {
      return new ExecOutcome(End.FAILED, OptionalInt.empty(), false, GONE, now);
    }
    OptionalInt code = OptionalInt.of(state.exitCode());
    if (state.oomKilled()) {
      String limit = memoryLimit > 0 ? " of " + mib(memoryLimit) : "";
      return new ExecOutcome(End.FAILED, code, true,
          "ran out of memory: the kernel killed it at its memory limit" + limit
              + "; ask for more memory in the exec's resources", now);
    }
    if (state.exitCode() == 0) {
      return new ExecOutcome(End.SUCCEEDED, code, false, "", now);
    }
    String engine = state.error().isBlank() ? "" : " (" + state.error() + ")";
    return new ExecOutcome(End.FAILED, code, false, "exited with code " + state.exitCode() + engine, now);
  }

  /** Whether the state is the driver's "no such container". */
  static boolean isGone(ContainerState state) {
    return state.equals(ContainerState.gone());
  }

  /** The kill reason of a timeout, e.g. "ran past its timeout of 30 s". */
  static String timedOut(Duration timeout) {
    return "ran past its timeout of " + human(timeout);
  }

  static String human(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + " s";
    }
    return d.toMillis() + " ms";
  }

  private static String mib(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
