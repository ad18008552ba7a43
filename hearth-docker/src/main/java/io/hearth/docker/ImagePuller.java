package io.hearth.docker;

import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.driver.DriverException;
import io.hearth.core.time.Clock;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls an image with {@code POST /images/create}, reading the progress stream to its end, and
 * reports failures in Fn's words. Stateless apart from the engine it uses.
 */
final class ImagePuller {
  private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

  private final DockerEngine engine;
  private final Clock clock;

  ImagePuller(DockerEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  void pull(String image, Duration timeout) {
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      throw notFound(image, e.getMessage());
    }
    String path = "/images/create?fromImage=" + DockerDriver.query(ref.repository())
        + (ref.tag().isEmpty() ? "" : "&tag=" + DockerDriver.query(ref.tag()));
    long started = clock.nanoTime();
    try (EngineStream s = engine.stream("POST", path, null, 0, null, timeout)) {
      if (s.status() != 200) {
        throw notFound(image, engine.message(s.readReply()));
      }
      String error;
      try {
        error = JsonProgress.read(s.body(), engine.json(), n -> LOG.debug("pull {}: {}", image, n));
      } catch (IOException e) {
        if (s.timedOut()) {
          throw timedOut(image, timeout);
        }
        throw notFound(image, "lost the connection to Docker Engine during the pull: " + e.getMessage());
      }
      if (error != null) {
        throw notFound(image, error);
      }
      LOG.info("pulled image {} in {} ms", image, (clock.nanoTime() - started) / 1_000_000);
    } catch (DriverException e) {
      if (DockerEngine.isTimeout(e)) {
        throw timedOut(image, timeout);
      }
      throw e;
    }
  }

  private static DriverException notFound(String image, String reason) {
    return new DriverException(Kind.IMAGE_NOT_FOUND, "Failed to pull image '" + image + "': " + reason);
  }

  private static DriverException timedOut(String image, Duration timeout) {
    return new DriverException(Kind.IMAGE_PULL_TIMEOUT, "Image pull timed out",
        new java.util.concurrent.TimeoutException("pulling " + image + " took longer than " + timeout));
  }
}
