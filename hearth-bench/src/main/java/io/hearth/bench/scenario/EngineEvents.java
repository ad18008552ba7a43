package io.hearth.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.DockerEngine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Counts what the engine itself saw: containers started between two instants, by label. */
final class EngineEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineEvents() {}

  /** Containers carrying {@code label=value} that the engine started in [since, until]; -1 when it cannot tell. */
  static long starts(DockerEngine engine, String label, String value, Instant since, Instant until) {
    try {
      String filters = JSON.writeValueAsString(Map.of("type", List.of("container"), "event", List.of("start"),
          "label", List.of(label + "=" + value)));
      DockerEngine.Reply r = engine.call("GET", "/events?since=" + stamp(since) + "&until=" + stamp(until)
          + "&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8), null);
      if (!r.ok()) {
        return -1;
      }
      return r.text().lines().filter(l -> !l.isBlank()).count();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String stamp(Instant t) {
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }
}
