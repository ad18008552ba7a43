package io.hearth.core.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How an exec ended.
 *
 * @param end        succeeded (exit 0), failed (another exit code, out of memory, or could not start), or
 *                   killed (by Hearth: freed, reclaimed, timed out, over its alloc's disk)
 * @param exitCode   its container's exit code, when it exited by itself
 * @param oom        whether the kernel killed it for memory
 * @param error      why it failed or was killed, for people; empty when it succeeded
 * @param finishedAt when it ended
 */
public record ExecOutcome(End end, OptionalInt exitCode, boolean oom, String error, Instant finishedAt) {

  /** The final states of an exec. */
  public enum End { SUCCEEDED, FAILED, KILLED }

  public ExecOutcome {
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
