package io.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.driver.DriverException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's {@code die} events for containers carrying some labels and reports each
 * container id. Runs on a virtual thread of its own; when the stream breaks it subscribes again
 * (backing off from 100 ms to 2 s) with {@code since} set to the last event seen, so deaths during
 * the gap are reported too: a container may therefore be reported more than once.
 *
 * <p>State: the watcher thread owns the subscription state (last event time, backoff); the current
 * stream and the closed flag are volatile so {@link #close()} can end it from any thread.
 */
final class ExitWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final DockerEngine engine;
  private final String filters;
  private final Consumer<String> onExit;
  private final Thread thread;
  private volatile boolean closed;
  private volatile EngineStream current;
  private volatile boolean subscribed;

  ExitWatcher(DockerEngine engine, Map<String, String> labels, Consumer<String> onExit) {
    this.engine = engine;
    this.filters = ContainerConfig.labelFilter(engine.json(), labels,
        Map.of("type", new String[] {"container"}, "event", new String[] {"die"}));
    this.onExit = onExit;
    this.thread = Thread.ofVirtual().name("hearth-docker-exit-watcher").unstarted(this::run);
  }

  ExitWatcher start() {
    thread.start();
    return this;
  }

  /** Whether the event stream is open right now (for tests that must not race the subscription). */
  boolean subscribed() {
    return subscribed;
  }

  private void run() {
    String[] since = {null}; // engine time "seconds.nanos" to resume from, advanced by each event
    Duration backoff = MIN_BACKOFF;
    while (!closed) {
      String query = "/events?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8)
          + (since[0] == null ? "" : "&since=" + since[0]);
      try (EngineStream s = engine.stream("GET", query, null, 0, null, null)) {
        current = s;
        if (closed) {
          break;
        }
        if (s.status() != 200) {
          throw engine.refused(s.readReply(), "follow container events", DriverException.Kind.FAILED);
        }
        if (since[0] == null) {
          since[0] = engineTime(s.headers().first("Date"));
        }
        subscribed = true;
        backoff = MIN_BACKOFF;
        JsonProgress.read(s.body(), engine.json(), event -> {
          since[0] = eventTime(event, since[0]);
          String id = event.path("Actor").path("ID").asText(event.path("id").asText(""));
          if (!id.isEmpty()) {
            deliver(id);
          }
        });
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("following Docker Engine events broke, subscribing again in {} ms: {}", backoff.toMillis(),
              e.getMessage());
        }
      } finally {
        subscribed = false;
        current = null;
      }
      if (!closed) {
        LockSupport.parkNanos(backoff.toNanos()); // close() unparks
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private void deliver(String id) {
    try {
      onExit.accept(id);
    } catch (RuntimeException e) {
      LOG.error("exit handler failed for container {}", id, e);
    }
  }

  /** The event's {@code timeNano} as {@code seconds.nanos}, else {@code fallback}. */
  static String eventTime(JsonNode event, String fallback) {
    long nanos = event.path("timeNano").asLong(0);
    if (nanos <= 0) {
      return fallback;
    }
    return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
  }

  /** The engine's clock from its {@code Date} header (whole seconds), or null. */
  static String engineTime(String date) {
    if (date == null) {
      return null;
    }
    try {
      return Long.toString(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    closed = true;
    EngineStream s = current;
    if (s != null) {
      s.abort();
    }
    LockSupport.unpark(thread);
  }
}
