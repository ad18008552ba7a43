package io.hearth.docker.testing;

import io.hearth.core.driver.DriverException;
import io.hearth.core.time.Clock;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.DockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared Docker Engine for integration tests. {@link #engine()} and {@link #driver()} skip the
 * calling test (a JUnit assumption) when no engine answers, saying how to start one.
 *
 * <p>Everything tests create is labelled {@link #TEST_LABEL} and this JVM's {@link #RUN_LABEL};
 * at JVM exit a shutdown hook removes the containers carrying this run's label and the images
 * registered with {@link #removeImageAtExit} — never anything else.
 *
 * <p>State: the engine, driver and the images to remove are guarded by the class lock.
 */
public final class TestDocker {
  public static final Path SOCKET = Path.of(System.getProperty("hearth.docker.socket", "/var/run/docker.sock"));
  public static final String TEST_LABEL = "io.hearth.test";
  public static final String RUN_LABEL = "io.hearth.test.run";
  /** Unique to this JVM: containers carrying it are this run's. */
  public static final String RUN_ID = UUID.randomUUID().toString();

  private static DockerEngine engine;
  private static DockerDriver driver;
  private static String unavailable;
  private static final List<String> imagesToRemove = new ArrayList<>();

  private TestDocker() {}

  /** The shared engine; skips the test when none answers. */
  public static DockerEngine engine() {
    init();
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    return engine;
  }

  /** The shared driver; skips the test when no engine answers. */
  public static DockerDriver driver() {
    engine();
    return driver;
  }

  /** Whether an engine answers (without skipping). */
  public static boolean available() {
    init();
    return unavailable == null;
  }

  /** Labels for anything a test creates: the test label and this run's label. */
  public static Map<String, String> labels() {
    return Map.of(TEST_LABEL, "true", RUN_LABEL, RUN_ID);
  }

  /** Removes the image at JVM exit (only for images this run created). */
  public static synchronized void removeImageAtExit(String ref) {
    if (!imagesToRemove.contains(ref)) {
      imagesToRemove.add(ref);
    }
  }

  /**
   * Creates {@code dir} as a socket directory a container user (1000) can write to: mode 0777, set
   * after creation so the umask does not narrow it.
   */
  public static Path socketDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void init() {
    if (engine != null) {
      return;
    }
    engine = new DockerEngine(SOCKET);
    try {
      engine.ping();
      engine.apiVersion();
    } catch (DriverException e) {
      unavailable = "no Docker Engine answers on " + SOCKET + " (" + e.getMessage() + "); start one with "
          + "scripts/docker-engine.sh (as root) to run the Docker integration tests";
      return;
    }
    driver = new DockerDriver(engine, Clock.system());
    Runtime.getRuntime().addShutdownHook(new Thread(TestDocker::cleanUp, "hearth-test-docker-cleanup"));
  }

  /** Removes this run's containers and registered images; used by the shutdown hook. */
  static synchronized void cleanUp() {
    if (driver == null) {
      return;
    }
    try {
      for (String id : driver.list(Map.of(RUN_LABEL, RUN_ID))) {
        driver.remove(id);
      }
      for (String ref : imagesToRemove.reversed()) { // function images before the base they stand on
        engine.call("DELETE", "/images/" + ref + "?force=true", null);
      }
    } catch (RuntimeException e) {
      System.err.println("hearth tests: could not clean up Docker objects of run " + RUN_ID + ": " + e);
    } finally {
      driver.close();
      engine.close();
    }
  }
}
