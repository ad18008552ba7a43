package io.hearth.server.leases;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.ledger.Resources;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.InputText;
import io.hearth.server.http.JsonInput;
import io.hearth.server.leases.NodeLeases.AllocRequest;
import io.hearth.server.leases.NodeLeases.ExecRequest;
import io.hearth.store.ListQuery;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the leases API's request bodies and queries into validated requests, or refuses them with a
 * 400 {@link ApiException} naming the field and what it must be (413 for a body over {@link
 * #MAX_BODY_BYTES}). Pure: what a node may grant is {@link NodeLeases}' to decide; this only checks
 * what no node could make sense of. Public so that an api node reads a request it routes the same way.
 */
public final class LeaseRequests {
  /** Largest request body read: the same as the rest of the management API. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  /** The longest lease a client may ask for; longer asks are clamped to it (the book's own limit). */
  static final long MAX_KEEPALIVE_SECS = 300;
  /** An exec's longest timeout: 30 days, far beyond any batch step, short of overflowing anything. */
  static final long MAX_TIMEOUT_SECS = 30L * 24 * 3600;
  static final int MAX_OWNER_CHARS = 255;
  static final int MAX_IMAGE_CHARS = 1024;
  static final int MAX_LABELS = 64;
  static final int MAX_LABEL_KEY_CHARS = 128;
  static final int MAX_LABEL_VALUE_CHARS = 512;
  static final int MAX_ENV = 256;
  static final int MAX_CMD_ARGS = 1024;
  static final int MAX_MOUNTS = 8;

  private final ObjectMapper mapper;

  public LeaseRequests(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code POST /v2/allocs}. */
  public AllocRequest alloc(byte[] body) {
    JsonNode n = object(body);
    Optional<String> offerId = Optional.ofNullable(text(n, "offer_id")).filter(s -> !s.isEmpty());
    JsonNode res = n.get("resources");
    if (res == null || res.isNull()) {
      throw ApiException.badRequest("Missing resources: give what the alloc should hold, e.g. "
          + "\"resources\":{\"memory_bytes\":1073741824,\"cpu_mcpus\":1000}");
    }
    Resources resources = resources(res, "resources");
    String owner = text(n, "owner");
    if (owner == null || owner.isBlank()) {
      throw ApiException.badRequest("Missing owner: name who holds the alloc, e.g. \"owner\":\"pipeline-7\"");
    }
    if (owner.length() > MAX_OWNER_CHARS) {
      throw ApiException.badRequest("Invalid owner: at most " + MAX_OWNER_CHARS + " characters");
    }
    Map<String, String> labels = labels(n);
    Optional<Duration> keepalive = Optional.empty();
    JsonNode k = n.get("keepalive_secs");
    if (k != null && !k.isNull()) {
      keepalive = Optional.of(Duration.ofSeconds(Math.min(seconds(k, "keepalive_secs"), MAX_KEEPALIVE_SECS)));
    }
    return new AllocRequest(offerId, resources, owner, labels, keepalive);
  }

  /** {@code POST /v2/allocs/{id}/keepalive}: the interval asked, clamped to 5 minutes. */
  public Duration keepalive(byte[] body) {
    JsonNode n = object(body);
    JsonNode v = n.get("interval_secs");
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("Missing interval_secs: how long to keep the alloc, e.g. "
          + "\"interval_secs\":120 (whole seconds from 1, at most 300)");
    }
    return Duration.ofSeconds(Math.min(seconds(v, "interval_secs"), MAX_KEEPALIVE_SECS));
  }

  /** {@code POST /v2/allocs/{id}/execs}. */
  public ExecRequest exec(byte[] body) {
    JsonNode n = object(body);
    String image = text(n, "image");
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("Missing image: give the container image to run, e.g. \"image\":\"busybox:1.36\"");
    }
    image = image.strip();
    if (image.length() > MAX_IMAGE_CHARS || !image.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw ApiException.badRequest("Invalid image '" + shorten(image) + "': at most " + MAX_IMAGE_CHARS
          + " characters, no spaces or control characters");
    }
    List<String> cmd = cmd(n);
    Map<String, String> env = env(n);
    JsonNode res = n.get("resources");
    Optional<Resources> resources = res == null || res.isNull() ? Optional.empty()
        : Optional.of(resources(res, "resources"));
    Optional<Duration> timeout = Optional.empty();
    JsonNode t = n.get("timeout_secs");
    if (t != null && !t.isNull()) {
      long secs = seconds(t, "timeout_secs");
      if (secs > MAX_TIMEOUT_SECS) {
        throw ApiException.badRequest("Invalid timeout_secs: at most " + MAX_TIMEOUT_SECS + " (30 days)");
      }
      timeout = Optional.of(Duration.ofSeconds(secs));
    }
    return new ExecRequest(image, cmd, env, resources, timeout, labels(n), mounts(n));
  }

  /**
   * {@code "mounts": {"/out": "out"}}: container paths (absolute, normalized, not {@code /} and not
   * {@code /alloc} or under it) to paths relative to the alloc's scratch directory (no {@code ..}).
   */
  static Map<String, String> mounts(JsonNode n) {
    Map<String, String> mounts = strings(n, "mounts", MAX_MOUNTS, 255, 255);
    for (var e : mounts.entrySet()) {
      String at = e.getKey();
      String rel = e.getValue();
      if (!at.startsWith("/") || at.equals("/") || at.contains("//") || at.endsWith("/") || at.indexOf('\0') >= 0
          || segments(at).anyMatch(p -> p.equals(".") || p.equals("..")) || at.equals("/alloc")
          || at.startsWith("/alloc/")) {
        throw ApiException.badRequest("Invalid mounts: '" + shorten(at) + "' must be an absolute container path"
            + " without '.' or '..', not / and not /alloc or under it, e.g. \"mounts\":{\"/out\":\"out\"}");
      }
      if (rel.isEmpty() || rel.startsWith("/") || rel.indexOf('\0') >= 0 || rel.indexOf('\\') >= 0
          || segments(rel).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
        throw ApiException.badRequest("Invalid mounts: '" + shorten(rel) + "' (for " + shorten(at) + ") must be a"
            + " path relative to the alloc's scratch directory without '.' or '..', e.g. \"out\"");
      }
    }
    return mounts;
  }

  private static java.util.stream.Stream<String> segments(String path) {
    return java.util.Arrays.stream(path.substring(path.startsWith("/") ? 1 : 0).split("/", -1));
  }

  /** {@code GET /v2/allocs?owner=&state=&cursor=&per_page=}. */
  public AllocQuery list(Map<String, String> query) {
    String owner = query.get("owner");
    if (owner != null) {
      storable(owner, "owner");
    }
    AllocState state = null;
    String word = query.get("state");
    if (word != null && !word.isEmpty()) {
      try {
        state = AllocState.ofWire(word);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("Invalid state '" + shorten(word) + "': use active, expired, reclaimed or freed");
      }
    }
    int perPage = ListQuery.DEFAULT_PER_PAGE;
    String raw = query.get("per_page");
    if (raw != null && !raw.isEmpty()) {
      try {
        perPage = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Invalid per_page '" + shorten(raw) + "': must be a whole number from 1 to "
            + ListQuery.MAX_PER_PAGE);
      }
      if (perPage <= 0) {
        perPage = ListQuery.DEFAULT_PER_PAGE;
      }
    }
    String cursor = query.get("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      checkCursor(cursor);
    }
    try {
      return new AllocQuery(owner, state, cursor, perPage);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  /** The body as a JSON object. */
  JsonNode object(byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw ApiException.badRequest("Missing request body: send a JSON object");
    }
    try {
      JsonNode n = mapper.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("Invalid JSON: the body must be a JSON object");
      }
      return n;
    } catch (JacksonException e) {
      throw ApiException.badRequest("Invalid JSON: " + shorten(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.badRequest("Invalid JSON: the body could not be read");
    }
  }

  /** A resources object: each key a resource, each value a whole number from 0. */
  static Resources resources(JsonNode n, String field) {
    if (!n.isObject()) {
      throw ApiException.badRequest("Invalid " + field + ": must be an object such as {\"memory_bytes\":1073741824,"
          + "\"cpu_mcpus\":1000,\"disk_bytes\":0,\"gpus\":0}");
    }
    Map<String, Long> wire = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      JsonNode v = e.getValue();
      String name = field + "." + shorten(e.getKey());
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw ApiException.badRequest("Invalid " + name + ": must be a whole number >= 0");
      }
      if (v.asLong() < 0) {
        throw ApiException.badRequest("Invalid " + name + ": must be a whole number >= 0, is " + v.asLong());
      }
      wire.put(e.getKey(), v.asLong());
    }
    try {
      return WireResources.fromWire(wire);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Whole seconds from 1; huge values are left for the caller to clamp. */
  private static long seconds(JsonNode v, String field) {
    if (!v.isIntegralNumber()) {
      throw ApiException.badRequest("Invalid " + field + ": must be a whole number of seconds from 1");
    }
    if (!v.canConvertToLong()) {
      return Long.MAX_VALUE / 2; // an absurdly long ask: clamped like any long one
    }
    if (v.asLong() < 1) {
      throw ApiException.badRequest("Invalid " + field + ": must be a whole number of seconds from 1, is " + v.asLong());
    }
    return v.asLong();
  }

  private static List<String> cmd(JsonNode n) {
    JsonNode v = n.get("cmd");
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("Missing cmd: give the command as an array of strings, e.g. "
          + "\"cmd\":[\"sh\",\"-c\",\"echo hi\"] ([] runs the image's own command)");
    }
    if (!v.isArray()) {
      throw ApiException.badRequest("Invalid cmd: must be an array of strings");
    }
    if (v.size() > MAX_CMD_ARGS) {
      throw ApiException.badRequest("Invalid cmd: at most " + MAX_CMD_ARGS + " arguments");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw ApiException.badRequest("Invalid cmd[" + i + "]: must be a string");
      }
      out.add(storable(v.get(i).asText(), "cmd[" + i + "]"));
    }
    return out;
  }

  private static Map<String, String> env(JsonNode n) {
    Map<String, String> env = strings(n, "env", MAX_ENV, Integer.MAX_VALUE, Integer.MAX_VALUE);
    env.keySet().forEach(k -> {
      if (k.indexOf('=') >= 0) {
        throw ApiException.badRequest("Invalid env key '" + shorten(k) + "': names of variables cannot contain '='");
      }
    });
    return env;
  }

  private static Map<String, String> labels(JsonNode n) {
    return strings(n, "labels", MAX_LABELS, MAX_LABEL_KEY_CHARS, MAX_LABEL_VALUE_CHARS);
  }

  private static Map<String, String> strings(JsonNode n, String field, int maxKeys, int maxKey, int maxValue) {
    return JsonInput.strings(n, field, maxKeys, maxKey, maxValue);
  }

  /** A string field, null when absent or JSON null. */
  private static String text(JsonNode n, String field) {
    return JsonInput.text(n, field);
  }

  /** Refuses cursors no alloc listing issued before they reach the store (which would choke on NUL). */
  private static void checkCursor(String cursor) {
    if (!InputText.isTimeCursor(cursor)) {
      throw badCursor();
    }
  }

  private static ApiException badCursor() {
    return ApiException.badRequest("Invalid cursor: pass the next_cursor of the previous page unchanged");
  }

  static String storable(String s, String what) {
    return InputText.storable(s, what);
  }

  static String shorten(String s) {
    return InputText.shorten(s);
  }

  private static boolean wellFormed(String s) {
    return InputText.wellFormed(s);
  }
}
