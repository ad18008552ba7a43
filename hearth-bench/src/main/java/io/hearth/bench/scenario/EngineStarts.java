package io.hearth.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.bench.load.Latencies;
import io.hearth.docker.DockerEngine;
import io.hearth.docker.EngineStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's own create and start events for containers carrying {@code label=value}, while this
 * is open: a live subscription to the engine's event stream (the engine keeps only its last 256
 * events for queries about the past, too few for a phase that starts dozens of containers). It
 * counts the containers started and keeps when the first was created and started ({@code timeNano}:
 * the engine's wall clock, the same as this process's on one host), so a cold call through Hearth
 * can be set against the engine's own phases. One virtual thread reads the stream; {@link #stop()}
 * ends it.
 */
final class EngineStarts implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Events of starts that happened just before stop() may still be on their way. */
  private static final long SETTLE_MILLIS = 300;

  private final EngineStream stream;
  private final AtomicLong starts = new AtomicLong();
  private final Map<String, Long> first = new ConcurrentHashMap<>();
  private volatile boolean broken;

  private EngineStarts(EngineStream stream) {
    this.stream = stream;
    Thread.ofVirtual().name("bench-engine-events").start(this::read);
  }

  /** Starts following; returns once the engine has accepted the subscription. */
  static EngineStarts follow(DockerEngine engine, String label, String value) {
    String filters;
    try {
      filters = JSON.writeValueAsString(Map.of("type", List.of("container"), "event", List.of("create", "start"),
          "label", List.of(label + "=" + value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EngineStarts(engine.stream("GET", "/events?filters=" + URLEncoder.encode(filters,
        StandardCharsets.UTF_8), null, 0, null, null));
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode e = JSON.readTree(line);
          String action = e.path("status").asText(e.path("Action").asText());
          first.putIfAbsent(action, e.path("timeNano").asLong());
          if (action.equals("start")) {
            starts.incrementAndGet();
          }
        }
      }
    } catch (IOException e) {
      // stopped, or the engine closed the stream
    }
    broken = true;
  }

  /** Stops following and returns the containers started, or -1 when the stream broke before. */
  long stop() {
    Latencies.pause(SETTLE_MILLIS);
    boolean lost = broken;
    stream.abort();
    return lost ? -1 : starts.get();
  }

  /**
   * Stops following; returns the wall-clock nanoseconds of the first create and the first start
   * event, 0 for one not seen.
   */
  long[] stopAtMoments() {
    stop();
    return new long[] {first.getOrDefault("create", 0L), first.getOrDefault("start", 0L)};
  }

  @Override
  public void close() {
    stream.abort();
  }
}
