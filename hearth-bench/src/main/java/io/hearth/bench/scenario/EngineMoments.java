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

/**
 * When the engine created and started the first container carrying {@code label=value}, from its
 * event stream ({@code timeNano}: the engine's wall clock, the same as this process's on one
 * host): the phases of a cold call through Hearth, set against the engine's own create and start.
 * One virtual thread reads the stream; {@link #stop()} ends it.
 */
final class EngineMoments implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Events just before stop() may still be on their way. */
  private static final long SETTLE_MILLIS = 200;

  private final EngineStream stream;
  private final Map<String, Long> first = new ConcurrentHashMap<>();

  private EngineMoments(EngineStream stream) {
    this.stream = stream;
    Thread.ofVirtual().name("bench-engine-moments").start(this::read);
  }

  /** Starts following create and start events; returns once the engine has accepted the subscription. */
  static EngineMoments follow(DockerEngine engine, String label, String value) {
    String filters;
    try {
      filters = JSON.writeValueAsString(Map.of("type", List.of("container"), "event", List.of("create", "start"),
          "label", List.of(label + "=" + value)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EngineMoments(engine.stream("GET", "/events?filters=" + URLEncoder.encode(filters,
        StandardCharsets.UTF_8), null, 0, null, null));
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode e = JSON.readTree(line);
          first.putIfAbsent(e.path("status").asText(e.path("Action").asText()), e.path("timeNano").asLong());
        }
      }
    } catch (IOException e) {
      // stopped, or the engine closed the stream
    }
  }

  /**
   * Stops following; returns the wall-clock nanoseconds of the first create and the first start
   * event, 0 for one not seen.
   */
  long[] stop() {
    Latencies.pause(SETTLE_MILLIS);
    stream.abort();
    return new long[] {first.getOrDefault("create", 0L), first.getOrDefault("start", 0L)};
  }

  @Override
  public void close() {
    stream.abort();
  }
}
