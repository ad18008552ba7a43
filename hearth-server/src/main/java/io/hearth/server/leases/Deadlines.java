package io.hearth.server.leases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline of a running exec with a timeout, kept in a small file beside its log (the lease
 * store has no column for it), so that a restarted node adopts the exec with what is left of its
 * timeout instead of none.
 */
final class Deadlines {
  private static final Logger log = LoggerFactory.getLogger(Deadlines.class);
  /** What is left of a timeout that ran out while no process followed the exec: kill it at once, nearly. */
  static final Duration AT_ONCE = Duration.ofMillis(1);

  private Deadlines() {}

  static void write(Path file, Instant deadline) {
    try {
      Files.writeString(file, deadline.toString());
    } catch (IOException e) {
      log.warn("could not keep the deadline of an exec in {}: a restart will not re-arm its timeout", file, e);
    }
  }

  static Optional<Instant> read(Path file) {
    try {
      return Optional.of(Instant.parse(Files.readString(file).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      log.warn("could not read the deadline of an exec from {}: adopting it without a timeout", file, e);
      return Optional.empty();
    }
  }
}
