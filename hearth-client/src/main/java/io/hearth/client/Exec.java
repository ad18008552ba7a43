package io.hearth.client;

import io.hearth.core.ledger.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container run to completion inside an alloc, as the server reported it.
 *
 * @param id         the exec's id
 * @param allocId    the alloc it runs in
 * @param image      its image
 * @param cmd        its command
 * @param envNames   the names of the environment variables it was given (the server does not echo
 *                   their values: they may be secrets)
 * @param resources  its share of the alloc's resources
 * @param labels     its labels
 * @param state      at the time of the answer
 * @param exitCode   its container's exit code, once it exited
 * @param oom        whether the engine killed it for running out of memory
 * @param createdAt  when it was asked for
 * @param startedAt  when its container started
 * @param finishedAt when it finished (exactly when {@link State#finished()})
 * @param error      why it failed or was killed
 */
public record Exec(String id, String allocId, String image, List<String> cmd, List<String> envNames,
    Resources resources, Map<String, String> labels,
    State state, OptionalInt exitCode, boolean oom, Optional<Instant> createdAt, Optional<Instant> startedAt,
    Optional<Instant> finishedAt, Optional<String> error) {

  /** Where an exec is in its life. */
  public enum State {
    PENDING, RUNNING, SUCCEEDED, FAILED, KILLED;

    /** The API's word: {@code pending}, {@code running}, ... */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Succeeded, failed or killed: it will not change again. */
    public boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == KILLED;
    }

    public static State of(String wire) {
      for (State s : values()) {
        if (s.wire().equals(wire)) {
          return s;
        }
      }
      throw new IllegalArgumentException("not an exec state: '" + wire
          + "' (pending, running, succeeded, failed or killed)");
    }
  }

  public Exec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(allocId, "allocId");
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd);
    envNames = List.copyOf(envNames);
    Objects.requireNonNull(resources, "resources");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(error, "error");
  }
}
