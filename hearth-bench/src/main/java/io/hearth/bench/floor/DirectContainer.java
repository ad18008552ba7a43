package io.hearth.bench.floor;

import io.hearth.bench.load.Endpoint;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A function container started by the benchmark through the engine alone (no Hearth), and the
 * time each step took: create, start, and socket ready. Its socket is called directly for the
 * warm floor; its start-up times are the cold floor.
 *
 * @param createNanos the engine's create call
 * @param startNanos  the engine's start call
 * @param readyNanos  from the start call's return until the listener accepted a connection
 */
public record DirectContainer(ContainerDriver driver, String id, Path socketDir, Path listener, long createNanos,
    long startNanos, long readyNanos) implements AutoCloseable {

  /** Longest a container may take to listen. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** Starts a container of the floor spec and waits until it listens; on failure removes what it made. */
  public static DirectContainer start(ContainerDriver driver, FloorSpec floor)
      throws IOException, InterruptedException {
    FloorSpec.Instance instance = floor.next();
    Path dir = instance.socketDir();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // the function runs as 1000
    String id = null;
    try (SocketReady ready = new SocketReady(dir)) {
      long t0 = System.nanoTime();
      id = driver.create(floor.spec(instance));
      long t1 = System.nanoTime();
      driver.start(id);
      long t2 = System.nanoTime();
      Path listener = ready.await(READY_TIMEOUT);
      long t3 = System.nanoTime();
      return new DirectContainer(driver, id, dir, listener, t1 - t0, t2 - t1, t3 - t2);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (id != null) {
        removeQuietly(driver, id);
      }
      deleteDir(dir);
      throw e;
    }
  }

  public Endpoint endpoint() {
    return Endpoint.unix(listener);
  }

  /** Create + start + socket ready: the engine's own cold start. */
  public long coldNanos() {
    return createNanos + startNanos + readyNanos;
  }

  @Override
  public void close() {
    removeQuietly(driver, id);
    deleteDir(socketDir);
  }

  private static void removeQuietly(ContainerDriver driver, String id) {
    try {
      driver.remove(id);
    } catch (DriverException e) {
      System.err.println("hearth bench: could not remove floor container " + id + ": " + e.getMessage());
    }
  }

  private static void deleteDir(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a socket directory left in /tmp/hb is harmless
    }
  }
}
