package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.image.ImageReference;
import io.hearth.core.slot.SlotKey;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.InputText;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fn's validation rules for API objects (COMPAT-FN.md section 3); every failure is a 400 with a
 * reason. Beyond Fn's rules, text that no datastore column could hold (NUL, broken UTF-16, over the
 * column's length) is refused here, so a malformed request is a 400, never a database error.
 */
final class Validation {
  /** App and trigger names: 1 to 255 letters, digits, '_' or '-'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  /** Function names end up in URL paths: letters, digits and the unreserved punctuation only. */
  private static final Pattern FN_NAME = Pattern.compile("[A-Za-z0-9_.~-]{1,255}");
  /** Hearth's ids are 26 characters of Crockford base32; anything far from that names nothing. */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{1,64}");
  static final Set<String> SHAPES = Set.of("GENERIC_X86", "GENERIC_ARM", "GENERIC_X86_ARM");
  static final Set<String> SYSLOG_SCHEMES = Set.of("udp", "tcp", "unix", "unixgram", "tcp+tls");
  static final int MAX_ANNOTATION_KEYS = 100;
  private static final int MAX_ANNOTATION_KEY_BYTES = 128;
  private static final int MAX_ANNOTATION_VALUE_BYTES = 512;
  /** The datastore's column sizes. */
  static final int MAX_IMAGE_CHARS = 1024;
  static final int MAX_SYSLOG_URL_CHARS = 2048;
  static final int MAX_SOURCE_CHARS = 1024;

  private Validation() {}

  static String appName(JsonNode node) {
    String name = text(node, "name");
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("Missing app name");
    }
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("Invalid app name '" + shorten(name)
          + "': use 1 to 255 letters, digits, '_' or '-'");
    }
    return name;
  }

  static String fnName(JsonNode node) {
    String name = text(node, "name");
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("Missing fn name");
    }
    if (!FN_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw ApiException.badRequest("Invalid fn name '" + shorten(name)
          + "': use 1 to 255 letters, digits, '_', '-', '.' or '~' (not '.' or '..')");
    }
    return name;
  }

  static String triggerName(JsonNode node) {
    String name = text(node, "name");
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("Missing trigger name");
    }
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("Invalid trigger name '" + shorten(name)
          + "': use 1 to 255 letters, digits, '_' or '-'");
    }
    return name;
  }

  /** Whether a name filter could match anything; one that cannot is answered with an empty list. */
  static boolean couldBeName(String filter) {
    return filter == null || filter.isEmpty() || FN_NAME.matcher(filter).matches();
  }

  /** Whether the text could be an id; one that cannot names nothing (404 without asking the store). */
  static boolean couldBeId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** A required id field: 400 when missing. */
  static String requiredId(JsonNode node, String field) {
    String id = text(node, field);
    if (id == null || id.isEmpty()) {
      throw ApiException.badRequest("Missing " + field);
    }
    return id;
  }

  /** A string field, null when absent or JSON null; 400 when present with another type or unstorable. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid " + field + ": must be a string");
    }
    return storable(v.asText(), field);
  }

  /**
   * The image: required text without blanks or control characters, at most 1024 characters, and a
   * reference by the Docker grammar ({@link ImageReference}).
   */
  static String image(String image) {
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("Missing image: give the container image to run, e.g. \"image\":\"my/fn:1\"");
    }
    String s = image.strip();
    if (s.length() > MAX_IMAGE_CHARS || !s.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw ApiException.badRequest("Invalid image '" + shorten(s) + "': at most " + MAX_IMAGE_CHARS
          + " characters, no spaces or control characters");
    }
    try {
      ImageReference.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Invalid image '" + shorten(s) + "': not an image reference ("
          + e.getMessage() + "); e.g. \"my/fn:1\" or \"registry.example.com/team/fn:1\"");
    }
    return s;
  }

  /** Fn's syslog URL rule: empty, or a URL with scheme udp, tcp, unix, unixgram or tcp+tls. */
  static String syslogUrl(JsonNode node) {
    String url = text(node, "syslog_url");
    if (url == null || url.isBlank()) {
      return null;
    }
    String s = url.strip();
    int colon = s.indexOf("://");
    String scheme = colon < 0 ? "" : s.substring(0, colon);
    if (s.length() > MAX_SYSLOG_URL_CHARS || !SYSLOG_SCHEMES.contains(scheme)
        || !s.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
      throw ApiException.badRequest("Invalid syslog_url '" + shorten(s) + "': use scheme://host:port with one of "
          + "the schemes tcp, udp, unix, unixgram, tcp+tls (at most " + MAX_SYSLOG_URL_CHARS + " characters)");
    }
    return s;
  }

  /**
   * A trigger's source: starts with '/', at most 1024 characters, no blanks, control characters,
   * '?', '#' or '.'/'..' segments — none of which a request path could ever match.
   */
  static String source(JsonNode node) {
    String source = text(node, "source");
    if (source == null || source.isEmpty()) {
      throw ApiException.badRequest("Missing source: the path under /t/<app name>, starting with '/'");
    }
    if (!source.startsWith("/")) {
      throw ApiException.badRequest("Invalid source '" + shorten(source) + "': it must start with '/'");
    }
    boolean dotSegment = ("/" + source + "/").contains("/./") || ("/" + source + "/").contains("/../")
        || source.contains("//");
    if (source.length() > MAX_SOURCE_CHARS || dotSegment
        || !source.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != '?' && c != '#' && c != '\\')) {
      throw ApiException.badRequest("Invalid source '" + shorten(source) + "': at most " + MAX_SOURCE_CHARS
          + " characters; no spaces, control characters, '?', '#', '\\', empty, '.' or '..' segments");
    }
    return source;
  }

  /** An integer field within bounds, or the default when absent. */
  static int integer(JsonNode node, String field, int min, int max, int fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw ApiException.badRequest("Invalid " + field + ": must be a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  static String shape(JsonNode node) {
    String shape = text(node, "shape");
    if (shape != null && !shape.isEmpty() && !SHAPES.contains(shape)) {
      throw ApiException.badRequest("Invalid shape '" + shorten(shape) + "': use one of "
          + String.join(", ", SHAPES.stream().sorted().toList()));
    }
    return shape == null || shape.isEmpty() ? null : shape;
  }

  /** The config object: string values only; an empty string (or null) means "delete this key". */
  static Map<String, String> config(JsonNode node) {
    JsonNode v = node.get("config");
    Map<String, String> out = new HashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("Invalid config: must be an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.isEmpty() || key.indexOf('=') >= 0 || !wellFormed(key)) {
        throw ApiException.badRequest("Invalid config key '" + shorten(key)
            + "': keys become environment variables, so they must be non-empty, without '=' or NUL");
      }
      if (e.getValue().isNull()) {
        out.put(key, "");
      } else if (e.getValue().isTextual()) {
        out.put(key, storable(e.getValue().asText(), "config value for '" + shorten(key) + "'"));
      } else {
        throw ApiException.badRequest("Invalid config value for '" + shorten(key) + "': must be a string");
      }
    }
    return out;
  }

  /**
   * The annotations object as compact JSON texts; a value of null or {@code ""} means "delete" and is
   * kept as null (COMPAT-FN.md §3).
   */
  static Map<String, String> annotations(JsonNode node, ObjectMapper mapper) {
    JsonNode v = node.get("annotations");
    Map<String, String> out = new HashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("Invalid annotations: must be an object");
    }
    if (v.size() > MAX_ANNOTATION_KEYS) {
      throw ApiException.badRequest("Invalid annotations: at most " + MAX_ANNOTATION_KEYS + " keys");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_ANNOTATION_KEY_BYTES
          || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw ApiException.badRequest("Invalid annotation key '" + shorten(key)
            + "': use 1 to 128 printable ASCII characters without spaces");
      }
      if (e.getValue().isNull()) {
        out.put(key, null);
        continue;
      }
      String json;
      try {
        // to bytes first: this is where broken UTF-16 in a string value shows up
        json = new String(mapper.writeValueAsBytes(e.getValue()), StandardCharsets.UTF_8);
      } catch (Exception ex) {
        throw ApiException.badRequest("Invalid annotation value for '" + key + "': not storable JSON");
      }
      if (json.equals("\"\"")) {
        out.put(key, null); // Fn's CLI removes an annotation by setting it to "" (--annotation key="")
        continue;
      }
      if (json.equals("{}") || json.equals("[]") || !wellFormed(json)) {
        throw ApiException.badRequest("Invalid annotation value for '" + key
            + "': use a non-empty string, a number, a boolean, an object or an array");
      }
      if (json.getBytes(StandardCharsets.UTF_8).length > MAX_ANNOTATION_VALUE_BYTES) {
        throw ApiException.badRequest("Invalid annotation value for '" + key + "': at most "
            + MAX_ANNOTATION_VALUE_BYTES + " bytes of JSON");
      }
      out.put(key, json);
    }
    return out;
  }

  /** The largest min_warm a function may ask for. */
  static final int MAX_MIN_WARM = 64;

  /** A function's {@code hearth.io/min_warm} annotation, when present, must be a whole number it can have. */
  static void minWarm(Map<String, String> annotations) {
    String json = annotations.get(SlotKey.MIN_WARM_ANNOTATION);
    if (json == null) {
      return;
    }
    long n = SlotKey.wholeNumber(json).orElse(-1);
    if (n < 0 || n > MAX_MIN_WARM) {
      throw ApiException.badRequest("Invalid annotation value for '" + SlotKey.MIN_WARM_ANNOTATION
          + "': use a whole number of containers from 0 to " + MAX_MIN_WARM);
    }
  }

  /**
   * A function's {@code hearth.io/init_timeout_ms} annotation, when present, must be a whole number
   * of milliseconds from 0 (the node's default) to {@link SlotKey#MAX_INIT_TIMEOUT_MILLIS}.
   */
  static void initTimeout(Map<String, String> annotations) {
    String json = annotations.get(SlotKey.INIT_TIMEOUT_ANNOTATION);
    if (json == null) {
      return;
    }
    long n = SlotKey.wholeNumber(json).orElse(-1);
    if (n < 0 || n > SlotKey.MAX_INIT_TIMEOUT_MILLIS) {
      throw ApiException.badRequest("Invalid annotation value for '" + SlotKey.INIT_TIMEOUT_ANNOTATION
          + "': use a whole number of milliseconds from 0 (the node's default) to " + SlotKey.MAX_INIT_TIMEOUT_MILLIS);
    }
  }

  /**
   * Fn's merge: keys mapped to null (annotations set to null or {@code ""}) or, with {@code
   * emptyDeletes}, to "" (config) are deleted, others upserted.
   */
  static Map<String, String> merge(Map<String, String> current, Map<String, String> patch, boolean emptyDeletes) {
    Map<String, String> out = new HashMap<>(current);
    patch.forEach((k, v) -> {
      if (v == null || (emptyDeletes && v.isEmpty())) {
        out.remove(k);
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Annotations after a merge: still at most 100 keys. */
  static Map<String, String> mergeAnnotations(Map<String, String> current, Map<String, String> patch) {
    Map<String, String> out = merge(current, patch, false);
    if (out.size() > MAX_ANNOTATION_KEYS) {
      throw ApiException.badRequest("Invalid annotations: this change would leave " + out.size()
          + " keys; at most " + MAX_ANNOTATION_KEYS + " are allowed");
    }
    return out;
  }

  /** For creates: deletions in a patch mean nothing, so drop them. */
  static Map<String, String> withoutDeletions(Map<String, String> patch, boolean emptyDeletes) {
    return merge(Map.of(), patch, emptyDeletes);
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
