package io.hearth.server;

import java.util.List;

/**
 * Every validation rule and status code of COMPAT-FN.md section 3, one row each: a request and the
 * status and message part it must get. Placeholders: {A} and {B} are apps "alpha" and "beta", {F} a
 * function of alpha, {G} one of beta, {T} a trigger of {F} on "/hook", {X} a well-formed id of
 * nothing, {N} a number unique to the row (for names that must not collide).
 */
final class ApiCases {
  /** One row: the request, the status, and a part of the JSON error message (or null for success). */
  record Case(String method, String path, String body, int status, String message) {
    @Override
    public String toString() {
      String b = body == null ? "" : " " + (body.length() > 60 ? body.substring(0, 60) + "..." : body);
      return method + " " + (path.length() > 70 ? path.substring(0, 70) + "..." : path) + b + " -> " + status;
    }
  }

  private static Case c(String method, String path, String body, int status, String message) {
    return new Case(method, path, body, status, message);
  }

  static final String L256 = "n".repeat(256);
  static final String L255 = "n".repeat(255);

  static String annotations(int keys) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys; i++) {
      sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    return sb.append('}').toString();
  }

  static final List<Case> APPS = List.of(
      c("POST", "/v2/apps", "{\"name\":\"app{N}\"}", 200, null),
      c("POST", "/v2/apps", "{\"name\":\"" + L255 + "\"}", 200, null),
      c("POST", "/v2/apps", "{}", 400, "Missing app name"),
      c("POST", "/v2/apps", "{\"name\":\"\"}", 400, "Missing app name"),
      c("POST", "/v2/apps", "{\"name\":null}", 400, "Missing app name"),
      c("POST", "/v2/apps", "{\"name\":5}", 400, "Invalid name: must be a string"),
      c("POST", "/v2/apps", "{\"name\":\"has space\"}", 400, "Invalid app name"),
      c("POST", "/v2/apps", "{\"name\":\"dot.ted\"}", 400, "Invalid app name"),
      c("POST", "/v2/apps", "{\"name\":\"../etc\"}", 400, "Invalid app name"),
      c("POST", "/v2/apps", "{\"name\":\"ünïcode\"}", 400, "Invalid app name"),
      c("POST", "/v2/apps", "{\"name\":\"" + L256 + "\"}", 400, "Invalid app name"),
      c("POST", "/v2/apps", "{\"name\":\"alpha\"}", 409, "already exists"),
      c("POST", "/v2/apps", "{\"name\":\"withid{N}\",\"id\":\"{X}\"}", 400, "leave out 'id'"),
      c("POST", "/v2/apps", "{\"name\":\"shape{N}\",\"shape\":\"GENERIC_ARM\"}", 200, null),
      c("POST", "/v2/apps", "{\"name\":\"shape{N}\",\"shape\":\"BIG\"}", 400, "Invalid shape"),
      c("POST", "/v2/apps", "{\"name\":\"sys{N}\",\"syslog_url\":\"tcp://logs:514\"}", 200, null),
      c("POST", "/v2/apps", "{\"name\":\"sys{N}\",\"syslog_url\":\"http://logs\"}", 400, "Invalid syslog_url"),
      c("POST", "/v2/apps", "{\"name\":\"cfg{N}\",\"config\":[]}", 400, "Invalid config"),
      c("POST", "/v2/apps", "{\"name\":\"cfg{N}\",\"config\":{\"A\":1}}", 400, "Invalid config value"),
      c("POST", "/v2/apps", "{\"name\":\"cfg{N}\",\"config\":{\"A=B\":\"x\"}}", 400, "Invalid config key"),
      c("POST", "/v2/apps", "{\"name\":\"cfg{N}\",\"config\":{\"A\":\"x\\u0000\"}}", 400, "NUL"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a\":\"b\",\"n\":1,\"o\":{\"x\":[1]}}}", 200, null),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":\"x\"}", 400, "Invalid annotations"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a b\":1}}", 400, "Invalid annotation key"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"" + "k".repeat(129) + "\":1}}", 400,
          "Invalid annotation key"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"é\":1}}", 400, "Invalid annotation key"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a\":\"\"}}", 200, null), // "" deletes: nothing to delete
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a\":{}}}", 400, "Invalid annotation value"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a\":[]}}", 400, "Invalid annotation value"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":{\"a\":\"" + "v".repeat(511) + "\"}}", 400,
          "at most 512 bytes"),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":" + annotations(100) + "}", 200, null),
      c("POST", "/v2/apps", "{\"name\":\"ann{N}\",\"annotations\":" + annotations(101) + "}", 400, "at most 100"),
      c("POST", "/v2/apps", "{\"name\":\"unknown{N}\",\"whatever\":[1,2]}", 200, null),
      c("POST", "/v2/apps", "{\"name\":", 400, "Invalid JSON"),
      c("POST", "/v2/apps", "[]", 400, "Invalid JSON"),
      c("POST", "/v2/apps", "\"alpha\"", 400, "Invalid JSON"),
      c("POST", "/v2/apps", "", 400, "Invalid JSON"),
      c("GET", "/v2/apps", null, 200, null),
      c("GET", "/v2/apps?name=alpha&per_page=5", null, 200, null),
      c("GET", "/v2/apps?per_page=abc", null, 400, "Invalid per_page"),
      c("GET", "/v2/apps?per_page=0", null, 200, null),
      c("GET", "/v2/apps?cursor=%25%25%25", null, 400, "Invalid cursor"),
      c("GET", "/v2/apps/{A}", null, 200, null),
      c("GET", "/v2/apps/{X}", null, 404, "App not found"),
      c("GET", "/v2/apps/not%20an%20id", null, 404, "App not found"),
      c("PUT", "/v2/apps/{A}", "{\"name\":\"alpha\",\"config\":{\"K\":\"v\"}}", 200, null),
      c("PUT", "/v2/apps/{A}", "{\"name\":\"renamed\"}", 409, "name cannot be changed"),
      c("PUT", "/v2/apps/{A}", "{\"id\":\"{B}\"}", 400, "does not match"),
      c("PUT", "/v2/apps/{A}", "{\"shape\":\"BIG\"}", 400, "Invalid shape"),
      c("PUT", "/v2/apps/{A}", "{\"annotations\":{\"a\":\"\"}}", 200, null), // Fn's CLI deletes a key so
      c("PUT", "/v2/apps/{A}", "{", 400, "Invalid JSON"),
      c("PUT", "/v2/apps/{X}", "{}", 404, "App not found"),
      c("DELETE", "/v2/apps/{X}", null, 404, "App not found"),
      c("PATCH", "/v2/apps/{A}", "{}", 405, "Method not allowed"));

  static final List<Case> FNS = List.of(
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"fn{N}\",\"image\":\"x/y:1\"}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"" + L255 + "\",\"image\":\"x\"}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f.n~_-{N}\",\"image\":\"x\"}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"image\":\"x\"}", 400, "Missing fn name"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"a/b\",\"image\":\"x\"}", 400, "Invalid fn name"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"..\",\"image\":\"x\"}", 400, "Invalid fn name"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"a b\",\"image\":\"x\"}", 400, "Invalid fn name"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"" + L256 + "\",\"image\":\"x\"}", 400, "Invalid fn name"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":[],\"image\":\"x\"}", 400, "Invalid name"),
      c("POST", "/v2/fns", "{\"name\":\"f{N}\",\"image\":\"x\"}", 400, "Missing app_id"),
      c("POST", "/v2/fns", "{\"app_id\":\"{X}\",\"name\":\"f{N}\",\"image\":\"x\"}", 404, "App not found"),
      c("POST", "/v2/fns", "{\"app_id\":\"../../etc\",\"name\":\"f{N}\",\"image\":\"x\"}", 404, "App not found"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\"}", 400, "Missing image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\" \"}", 400, "Missing image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"a b\"}", 400, "Invalid image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"" + "i".repeat(1025) + "\"}", 400,
          "Invalid image"),
      // issue 14 item 6: only references by the Docker grammar
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"/etc/passwd\"}", 400, "Invalid image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"a/../../b\"}", 400, "Invalid image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"-v\"}", 400, "Invalid image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"localhost:5432/x:1\"}", 200, null),
      c("PUT", "/v2/fns/{F}", "{\"image\":\"x/Y\"}", 400, "Invalid image"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"id\":\"{X}\"}", 400, "leave out 'id'"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":8192}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":1}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":0}", 400, "Invalid memory"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":8193}", 400, "Invalid memory"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":\"128\"}", 400,
          "Invalid memory"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"memory\":1.5}", 400, "Invalid memory"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"timeout\":300}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"timeout\":0}", 400, "Invalid timeout"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"timeout\":301}", 400,
          "Invalid timeout"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"idle_timeout\":3600}", 200, null),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"idle_timeout\":0}", 400,
          "Invalid idle_timeout"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"idle_timeout\":3601}", 400,
          "Invalid idle_timeout"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"annotations\":{\"a\":{}}}", 400,
          "Invalid annotation value"),
      // issue 14 item 2: an init timeout that no deadline could hold is refused, not a hung launch
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"annotations\":"
          + "{\"hearth.io/init_timeout_ms\":9223372036854775807}}", 400, "hearth.io/init_timeout_ms"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"annotations\":"
          + "{\"hearth.io/init_timeout_ms\":-1}}", 400, "hearth.io/init_timeout_ms"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"annotations\":"
          + "{\"hearth.io/init_timeout_ms\":\"soon\"}}", 400, "hearth.io/init_timeout_ms"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f{N}\",\"image\":\"x\",\"annotations\":"
          + "{\"hearth.io/init_timeout_ms\":600000}}", 200, null),
      c("PUT", "/v2/fns/{F}", "{\"annotations\":{\"hearth.io/init_timeout_ms\":600001}}", 400,
          "hearth.io/init_timeout_ms"),
      c("POST", "/v2/fns", "{\"app_id\":\"{A}\",\"name\":\"f1\",\"image\":\"x\"}", 409, "already exists"),
      c("POST", "/v2/fns", "{\"app_id\":\"{B}\",\"name\":\"f1\",\"image\":\"x\"}", 200, null),
      c("GET", "/v2/fns", null, 400, "Missing app_id"),
      c("GET", "/v2/fns?app_id={X}", null, 404, "App not found"),
      c("GET", "/v2/fns?app_id={A}&name=f1", null, 200, null),
      c("GET", "/v2/fns?app_id={A}&cursor=!!", null, 400, "Invalid cursor"),
      c("GET", "/v2/fns/{F}", null, 200, null),
      c("GET", "/v2/fns/{X}", null, 404, "Fn not found"),
      c("PUT", "/v2/fns/{F}", "{\"image\":\"x/y:2\",\"memory\":256}", 200, null),
      c("PUT", "/v2/fns/{F}", "{\"name\":\"other\"}", 409, "name cannot be changed"),
      c("PUT", "/v2/fns/{F}", "{\"app_id\":\"{B}\"}", 400, "app_id cannot be changed"),
      c("PUT", "/v2/fns/{F}", "{\"id\":\"{G}\"}", 400, "does not match"),
      c("PUT", "/v2/fns/{F}", "{\"memory\":9000}", 400, "Invalid memory"),
      c("PUT", "/v2/fns/{F}", "{\"timeout\":-1}", 400, "Invalid timeout"),
      c("PUT", "/v2/fns/{F}", "{\"image\":\"a b\"}", 400, "Invalid image"),
      c("PUT", "/v2/fns/{X}", "{}", 404, "Fn not found"),
      c("DELETE", "/v2/fns/{X}", null, 404, "Fn not found"),
      c("POST", "/invoke/{X}", "x", 404, "Fn not found"),
      c("GET", "/invoke/{F}", null, 405, "Method not allowed"));

  static final List<Case> TRIGGERS = List.of(
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/p{N}"), 200, null),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/"), 409, "already exists"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/caf\u00e9/{N}/deep/"), 200, null),
      c("POST", "/v2/triggers", trigger(null, "{A}", "{F}", "http", "/q{N}"), 400, "Missing trigger name"),
      c("POST", "/v2/triggers", trigger("bad name", "{A}", "{F}", "http", "/q{N}"), 400, "Invalid trigger name"),
      c("POST", "/v2/triggers", trigger(L256, "{A}", "{F}", "http", "/q{N}"), 400, "Invalid trigger name"),
      c("POST", "/v2/triggers", trigger("t{N}", null, "{F}", "http", "/q{N}"), 400, "Missing app_id"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", null, "http", "/q{N}"), 400, "Missing fn_id"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", null, "/q{N}"), 400, "Missing type"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "cron", "/q{N}"), 400, "Invalid type"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", null), 400, "Missing source"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "q{N}"), 400, "must start with '/'"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/a?b"), 400, "Invalid source"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/../etc"), 400, "Invalid source"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/a//b"), 400, "Invalid source"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/" + "s".repeat(1024)), 400, "Invalid source"),
      c("POST", "/v2/triggers", trigger("t{N}", "{X}", "{F}", "http", "/q{N}"), 404, "App not found"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{X}", "http", "/q{N}"), 404, "Fn not found"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{G}", "http", "/q{N}"), 400, "belongs to another app"),
      c("POST", "/v2/triggers", trigger("t1", "{A}", "{F}", "http", "/q{N}"), 409, "already exists"),
      c("POST", "/v2/triggers", trigger("t{N}", "{A}", "{F}", "http", "/hook"), 409, "already exists"),
      c("POST", "/v2/triggers", trigger("t{N}", "{B}", "{G}", "http", "/hook{N}"), 200, null),
      c("POST", "/v2/triggers", "{\"id\":\"{X}\"," + trigger("t{N}", "{A}", "{F}", "http", "/q{N}").substring(1), 400,
          "leave out 'id'"),
      c("POST", "/v2/triggers", "{\"name\":\"t{N}\"", 400, "Invalid JSON"),
      c("GET", "/v2/triggers", null, 400, "Missing app_id"),
      c("GET", "/v2/triggers?app_id={X}", null, 404, "App not found"),
      c("GET", "/v2/triggers?app_id={A}", null, 200, null),
      c("GET", "/v2/triggers?app_id={A}&fn_id={F}&name=t1", null, 200, null),
      c("GET", "/v2/triggers?app_id={A}&fn_id={X}", null, 404, "Fn not found"),
      c("GET", "/v2/triggers?app_id={A}&fn_id={G}", null, 400, "belongs to another app"),
      c("GET", "/v2/triggers/{T}", null, 200, null),
      c("GET", "/v2/triggers/{X}", null, 404, "Trigger not found"),
      c("PUT", "/v2/triggers/{T}", "{\"annotations\":{\"k\":\"v\"}}", 200, null),
      c("PUT", "/v2/triggers/{T}", "{\"app_id\":\"{B}\"}", 400, "app_id cannot be changed"),
      c("PUT", "/v2/triggers/{T}", "{\"type\":\"cron\"}", 400, "Invalid type"),
      c("PUT", "/v2/triggers/{T}", "{\"id\":\"{F}\"}", 400, "does not match"),
      c("PUT", "/v2/triggers/{T}", "{\"fn_id\":\"{G}\"}", 400, "belongs to another app"),
      c("PUT", "/v2/triggers/{T}", "{\"fn_id\":\"{X}\"}", 404, "Fn not found"),
      c("PUT", "/v2/triggers/{T}", "{\"source\":\"nope\"}", 400, "must start with '/'"),
      c("PUT", "/v2/triggers/{T}", "{\"name\":\"bad name\"}", 400, "Invalid trigger name"),
      c("PUT", "/v2/triggers/{T}", "{\"source\":\"/\"}", 409, "already exists"),
      c("PUT", "/v2/triggers/{X}", "{}", 404, "Trigger not found"),
      c("DELETE", "/v2/triggers/{X}", null, 404, "Trigger not found"),
      c("GET", "/t/nope/hook", null, 404, "App not found"),
      c("GET", "/t/alpha/nothing-here", null, 404, "Trigger not found"),
      c("POST", "/t/alpha/hook/deeper", "x", 404, "Trigger not found"));

  static final List<Case> OTHERS = List.of(
      c("GET", "/", null, 200, null),
      c("GET", "/version", null, 200, null),
      c("GET", "/nowhere", null, 404, "Path not found: GET /nowhere"),
      c("GET", "/v2", null, 404, "Path not found"),
      c("DELETE", "/v2/apps", null, 405, "Method not allowed: DELETE /v2/apps"),
      c("POST", "/version", "{}", 405, "Method not allowed"));

  /** A trigger's JSON; a null field is left out. */
  static String trigger(String name, String app, String fn, String type, String source) {
    StringBuilder sb = new StringBuilder("{");
    field(sb, "name", name);
    field(sb, "app_id", app);
    field(sb, "fn_id", fn);
    field(sb, "type", type);
    field(sb, "source", source);
    return sb.append('}').toString();
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(sb.length() > 1 ? "," : "").append('"').append(name).append("\":\"").append(value).append('"');
    }
  }

  private ApiCases() {}
}
