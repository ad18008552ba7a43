package io.hearth.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes malformed API requests from a seeded {@link Random}: valid objects with fields removed,
 * retyped or replaced by odd values, JSON cut short or broken, raw garbage, oversized bodies,
 * traversal and encoding tricks in paths, odd query parameters, wrong methods. Never names an
 * existing function on an invoke path, so no container is ever started.
 */
final class Fuzzer {
  /** One request; {@code body} null means none (and no Content-Length). */
  record Request(String method, String target, String contentType, byte[] body) {
    @Override
    public String toString() {
      String b = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
          + (body.length > 200 ? "...(" + body.length + " bytes)" : "");
      return method + " " + (target.length() > 200 ? target.substring(0, 200) + "..." : target) + " " + b;
    }
  }

  /** JSON text placed as it is (e.g. an escape for half a surrogate pair, which no Java string can carry). */
  private record Raw(String json) {}

  private static final String[] ODD_STRINGS = {"", " ", "..", ".", "/", "\\", "../../etc/passwd", "..%2f..%2f",
      "%2e%2e", "a/b", "a b", "a\tb", "line\nbreak", "\u0000", "nul\u0000byte", "a\u0000b\u0000c", "\u202eevil", "zero\u200bwidth",
      "\ud83d\ude00", "e\u0301", "\ufeffbom", "\uffff", "\u4e2d\u6587", "\u00e9t\u00e9", "'; DROP TABLE apps; --",
      "<script>", "${jndi:ldap://x}", "%00", "null", "true", "0", "-1", "GENERIC_X86", "http", "/", "//", "/a/../b",
      "/a?b#c", "tcp://", "udp://[::1", "unix:///tmp/x", "x".repeat(256), "x".repeat(1025), "x".repeat(70_000)};
  /** What databases refuse in text, as query values: NUL alone, NUL inside, a base64 cursor with two NULs. */
  private static final String[] NASTY = {"\u0000", "a\u0000b", "YQBiAGM", "\u0000\u0000", "x\u0001y"};
  private static final Object[] ODD_SCALARS = {null, true, false, 0, -1, 1, 2147483648L, Long.MAX_VALUE,
      new Raw("1e400"), new Raw("-0.0"), new Raw("1.5"), new Raw("12345678901234567890123"), new Raw("\"\\ud800\""),
      new Raw("\"\\udc00x\""), new Raw("\"\\u0000\""), new Raw("\"\\ud83d\\ude00\""), new Raw("\"\\x\"")};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
      "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "*/*", "\u00e9/\u00e9"};
  private static final String[] PATH_SEGMENTS = {"..", ".", "%2e%2e", "%2E%2E%2F", "%2F", "%00", "%ff", "%", "%zz",
      "%C0%AF", "%F0%9F%98%80", "%E2%80%AE", "a;b", "*", "~", "%20", "+", "v2", "apps", "x".repeat(300),
      "x".repeat(9000), "%5C", "a%2Fb", "caf%C3%A9"};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO"};
  private static final String[] ROOTS = {"/v2/apps", "/v2/fns", "/v2/triggers", "/invoke", "/t", "/", "/v2",
      "/version", "/v2/apps/x/fns", "/metrics/x"};

  private final Random random;
  private final List<String> appIds;
  private final List<String> fnIds;
  private final List<String> triggerIds;

  Fuzzer(Random random, List<String> appIds, List<String> fnIds, List<String> triggerIds) {
    this.random = random;
    this.appIds = appIds;
    this.fnIds = fnIds;
    this.triggerIds = triggerIds;
  }

  Request next() {
    int kind = random.nextInt(100);
    if (kind < 50) {
      return writeWithMutatedBody();
    }
    if (kind < 63) {
      return listWithOddQuery();
    }
    if (kind < 83) {
      return oddPath();
    }
    if (kind < 95) {
      return garbageBody();
    }
    return wrongMethod();
  }

  private Request writeWithMutatedBody() {
    int type = random.nextInt(3);
    String collection = new String[] {"/v2/apps", "/v2/fns", "/v2/triggers"}[type];
    boolean update = random.nextInt(3) == 0;
    List<String> ids = new List[] {appIds, fnIds, triggerIds}[type];
    String target = update ? collection + "/" + pick(ids) : collection;
    Map<String, Object> object = switch (type) {
      case 0 -> app();
      case 1 -> fn();
      default -> trigger();
    };
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      mutate(object);
    }
    String json = json(object);
    if (random.nextInt(8) == 0) {
      json = json.substring(0, random.nextInt(Math.max(1, json.length()))); // truncated
    }
    return new Request(update ? "PUT" : "POST", target, contentType(), utf8(json));
  }

  private Map<String, Object> app() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "fz" + Integer.toString(random.nextInt(1 << 20), 36));
    m.put("config", Map.of("K", "v"));
    m.put("annotations", Map.of("a", 1));
    m.put("syslog_url", "tcp://logs:514");
    m.put("shape", "GENERIC_X86");
    return m;
  }

  private Map<String, Object> fn() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("app_id", pick(appIds));
    m.put("name", "fz" + Integer.toString(random.nextInt(1 << 20), 36));
    m.put("image", "hearth-test/never-invoked:1");
    m.put("memory", 128);
    m.put("timeout", 30);
    m.put("idle_timeout", 30);
    m.put("config", Map.of());
    m.put("annotations", Map.of());
    return m;
  }

  private Map<String, Object> trigger() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "fz" + Integer.toString(random.nextInt(1 << 20), 36));
    int owner = random.nextInt(appIds.size());
    m.put("app_id", appIds.get(owner));
    m.put("fn_id", random.nextInt(6) == 0 ? pick(fnIds) : fnIds.get(owner));
    m.put("type", "http");
    m.put("source", "/fz/" + random.nextInt(1000));
    return m;
  }

  private void mutate(Map<String, Object> object) {
    List<String> fields = new ArrayList<>(object.keySet());
    String field = fields.isEmpty() ? "name" : fields.get(random.nextInt(fields.size()));
    switch (random.nextInt(7)) {
      case 0 -> object.remove(field);
      case 1 -> object.put(field, oddValue(0));
      case 2 -> object.put("id", random.nextBoolean() ? pick(appIds) : oddValue(0));
      case 3 -> object.put(random.nextBoolean() ? "config" : "annotations", oddMap());
      case 4 -> object.put(oddString(), oddValue(0));
      case 5 -> object.put(field, oddString());
      default -> object.put(field, random.nextBoolean() ? list(oddValue(1)) : map("k", oddValue(1)));
    }
  }

  private Object oddValue(int depth) {
    int r = random.nextInt(depth > 2 ? 2 : 4);
    return switch (r) {
      case 0 -> ODD_SCALARS[random.nextInt(ODD_SCALARS.length)];
      case 1 -> oddString();
      case 2 -> list(oddValue(depth + 1), oddValue(depth + 1));
      default -> map(oddString(), oddValue(depth + 1));
    };
  }

  private Map<String, Object> oddMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = random.nextInt(10) == 0 ? 150 : random.nextInt(4);
    for (int i = 0; i < n; i++) {
      m.put(random.nextBoolean() ? "k" + i : oddString() + i, random.nextBoolean() ? oddString() : oddValue(1));
    }
    return m;
  }

  private String oddString() {
    return ODD_STRINGS[random.nextInt(ODD_STRINGS.length)];
  }

  private Request listWithOddQuery() {
    String[] lists = {"/v2/apps", "/v2/fns", "/v2/triggers"};
    StringBuilder target = new StringBuilder(lists[random.nextInt(lists.length)]).append('?');
    if (random.nextBoolean()) { // lists of fns and triggers need an existing app to get further
      target.append("app_id=").append(pick(appIds)).append('&');
    }
    String[] params = {"app_id", "fn_id", "name", "cursor", "per_page"};
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      String param = params[random.nextInt(params.length)];
      String value = switch (random.nextInt(6)) {
        case 0 -> pick(param.equals("fn_id") ? fnIds : appIds);
        case 1 -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(oddString()));
        case 2 -> new String[] {"-1", "0", "101", "1e3", "99999999999", "0x10", " 5"}[random.nextInt(7)];
        case 3 -> NASTY[random.nextInt(NASTY.length)];
        default -> oddString();
      };
      String encoded = random.nextInt(4) == 0 ? value.replace(" ", "%20").replace("\n", "%0A").replace("\t", "%09")
          : URLEncoder.encode(value, StandardCharsets.UTF_8);
      target.append(i == 0 ? "" : "&").append(param).append('=').append(encoded);
    }
    return new Request(random.nextInt(6) == 0 ? "HEAD" : "GET", safe(target.toString()), null, null);
  }

  private Request oddPath() {
    String root = ROOTS[random.nextInt(ROOTS.length)];
    StringBuilder target = new StringBuilder(root);
    if (root.equals("/t")) {
      target.append("/nx-").append(Integer.toString(random.nextInt(1 << 20), 36)); // no such app
    }
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      target.append(random.nextInt(8) == 0 ? "//" : "/");
      target.append(random.nextInt(3) == 0 && !root.equals("/invoke") && !root.equals("/t")
          ? pick(random.nextBoolean() ? appIds : triggerIds)
          : PATH_SEGMENTS[random.nextInt(PATH_SEGMENTS.length)]);
    }
    String method = METHODS[random.nextInt(METHODS.length)];
    byte[] body = method.equals("POST") || method.equals("PUT") ? utf8(json(app())) : null;
    return new Request(method, safe(target.toString()), contentType(), body);
  }

  private Request garbageBody() {
    String[] targets = {"/v2/apps", "/v2/fns", "/v2/triggers", "/v2/apps/" + pick(appIds), "/v2/fns/" + pick(fnIds),
        "/v2/triggers/" + pick(triggerIds)};
    String target = targets[random.nextInt(targets.length)];
    String method = target.chars().filter(c -> c == '/').count() > 2 ? "PUT" : "POST";
    byte[] body = switch (random.nextInt(8)) {
      case 0 -> {
        byte[] b = new byte[random.nextInt(2000)];
        random.nextBytes(b);
        yield b;
      }
      case 1 -> utf8("[".repeat(5000) + "]".repeat(5000));
      case 2 -> utf8("{\"name\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001));
      case 3 -> new byte[(1 << 20) + 1 + random.nextInt(1 << 19)]; // over the 1 MiB JSON limit
      case 4 -> utf8("{\"name\":\"" + "n".repeat(900_000) + "\"}");
      case 5 -> utf8("{\"memory\":" + "9".repeat(5000) + "}");
      case 6 -> new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '"', '}'};
      default -> utf8(new String[] {"", "{", "}", "null", "{\"name\" \"x\"}", "{'name':'x'}", "{\"a\":1,}",
          "{\"name\":\"x\"}{\"name\":\"y\"}", "\ufeff{\"name\":\"bom\"}", "{\"name\":\"x\",\"name\":5}"}[random.nextInt(10)]);
    };
    return new Request(method, target, contentType(), body);
  }

  private Request wrongMethod() {
    String[] targets = {"/v2/apps", "/v2/apps/" + pick(appIds), "/v2/fns/" + pick(fnIds), "/version", "/",
        "/invoke/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/v2/triggers/" + pick(triggerIds)};
    String[] methods = {"PATCH", "TRACE", "FOO", "CONNECT", "PROPFIND", "DELETE", "PUT"};
    return new Request(methods[random.nextInt(methods.length)], targets[random.nextInt(targets.length)], null, null);
  }

  /** Lists and maps that may hold null, which List.of and Map.of refuse. */
  private static List<Object> list(Object... values) {
    return java.util.Arrays.asList(values);
  }

  private static Map<String, Object> map(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  private String contentType() {
    return random.nextInt(4) == 0 ? null : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
  }

  private String pick(List<String> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  /** A request target never holds CR, LF or a space (those would make a different request, not a malformed one). */
  private static String safe(String target) {
    return target.replace("\r", "%0D").replace("\n", "%0A").replace(" ", "%20");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** JSON text of maps, lists, strings, numbers, booleans, nulls and {@link Raw} pieces. */
  static String json(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    switch (v) {
      case null -> sb.append("null");
      case Raw raw -> sb.append(raw.json());
      case String s -> quote(sb, s);
      case Map<?, ?> m -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(first ? "" : ",");
          first = false;
          quote(sb, String.valueOf(e.getKey()));
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      }
      case List<?> l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          sb.append(i == 0 ? "" : ",");
          write(sb, l.get(i));
        }
        sb.append(']');
      }
      default -> sb.append(v);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
