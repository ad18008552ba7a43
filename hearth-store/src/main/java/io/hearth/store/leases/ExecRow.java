package io.hearth.store.leases;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container run to completion inside an alloc, as kept in the datastore. The image, command,
 * environment, resources and labels never change; {@link LeaseStore#updateExec} writes the rest.
 *
 * @param id          unique among all execs
 * @param allocId     the alloc it runs in
 * @param cmd         the command, kept as given
 * @param env         the environment, kept as given
 * @param resources   its share of the alloc's resources, as {@link AllocRow#resources()}
 * @param containerId the engine's container, once made; else null
 * @param exitCode    its container's exit code, once it exited; else null
 * @param oom         whether the engine killed it for running out of memory
 * @param error       why it failed or was killed, cut to {@value #MAX_ERROR_CHARS} characters; else null
 * @param startedAt   when its container started, or null
 * @param finishedAt  when it finished; set exactly when its state is final
 * @throws IllegalArgumentException if {@code finishedAt} does not match the state, or an amount is
 *     negative
 */
public record ExecRow(
    String id,
    String allocId,
    String image,
    List<String> cmd,
    Map<String, String> env,
    Map<String, Long> resources,
    Map<String, String> labels,
    ExecState state,
    String containerId,
    Integer exitCode,
    boolean oom,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /** Longest error message kept; longer ones are cut (the column's size). */
  public static final int MAX_ERROR_CHARS = 2048;

  public ExecRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(allocId, "allocId");
    Objects.requireNonNull(image, "image");
    cmd = Copies.list(cmd, "cmd");
    env = Copies.strings(env, "env");
    resources = Copies.amounts(resources, "resources");
    labels = Copies.strings(labels, "labels");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (state.finished() != (finishedAt != null)) {
      throw new IllegalArgumentException("exec " + id + " is " + state.wire() + ": finished_at must be "
          + (state.finished() ? "set" : "null") + ", is " + finishedAt);
    }
    if (error != null && error.length() > MAX_ERROR_CHARS) {
      error = error.substring(0, MAX_ERROR_CHARS);
    }
  }

  /** A new exec, its container not made yet. */
  public static ExecRow pending(String id, String allocId, String image, List<String> cmd, Map<String, String> env,
      Map<String, Long> resources, Map<String, String> labels, Instant createdAt) {
    return new ExecRow(id, allocId, image, cmd, env, resources, labels, ExecState.PENDING, null, null, false, null,
        createdAt, null, null);
  }

  /** This exec with its container started. */
  public ExecRow running(String containerId, Instant startedAt) {
    return new ExecRow(id, allocId, image, cmd, env, resources, labels, ExecState.RUNNING, containerId, null, false,
        null, createdAt, startedAt, null);
  }

  /**
   * This exec finished.
   *
   * @param state    succeeded, failed or killed
   * @param exitCode its container's exit code, or null when it never exited by itself
   */
  public ExecRow finished(ExecState state, Integer exitCode, boolean oom, String error, Instant finishedAt) {
    if (!state.finished()) {
      throw new IllegalArgumentException("an exec finishes succeeded, failed or killed, not " + state.wire());
    }
    return new ExecRow(id, allocId, image, cmd, env, resources, labels, state, containerId, exitCode, oom, error,
        createdAt, startedAt, Objects.requireNonNull(finishedAt, "finishedAt"));
  }
}
