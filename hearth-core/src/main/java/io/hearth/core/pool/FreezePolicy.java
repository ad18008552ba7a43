package io.hearth.core.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Whether, and after how long idle, the pool freezes (pauses) an idle container. */
public sealed interface FreezePolicy {

  /** Idle containers are never frozen. */
  record Never() implements FreezePolicy {
    @Override
    public Optional<Instant> freezeAt(Instant idleSince) {
      return Optional.empty();
    }
  }

  /** An idle container is frozen once it has been idle for {@code grace} (zero: at once). */
  record After(Duration grace) implements FreezePolicy {
    public After {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("a freeze grace cannot be negative: " + grace + " (use FreezePolicy.never())");
      }
    }

    @Override
    public Optional<Instant> freezeAt(Instant idleSince) {
      return Optional.of(idleSince.plus(grace));
    }
  }

  /** When a container idle since {@code idleSince} is to be frozen; empty for never. */
  Optional<Instant> freezeAt(Instant idleSince);

  static FreezePolicy never() {
    return new Never();
  }

  static FreezePolicy after(Duration grace) {
    return new After(grace);
  }

  /**
   * The reading of a milliseconds setting ({@code HEARTH_FREEZE_IDLE_MSECS}, Fn's
   * {@code FN_FREEZE_IDLE_MSECS}): a negative number means never, as Fn's does.
   */
  static FreezePolicy ofMillis(long msecs) {
    return msecs < 0 ? never() : after(Duration.ofMillis(msecs));
  }
}
