package io.hearth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deploy file: an app, its functions and their HTTP triggers. Written in YAML ({@code
 * hearth.yaml}, read by {@link DeployYaml}) or as JSON with the same fields ({@code hearth.json},
 * or any name ending in {@code .json}):
 *
 * <pre>
 * app: tools                # or a mapping: name, config, annotations, syslog_url, shape
 * functions:
 *   - name: upper
 *     image: my/upper:1
 *     memory: 128           # MB; optional, as timeout and idle_timeout (seconds)
 *     config:
 *       LOG_LEVEL: info
 *     triggers:
 *       - name: upper
 *         source: /upper    # served at /t/tools/upper
 * </pre>
 *
 * Unknown keys are refused, so that a misspelt one is not silently ignored.
 */
record DeployFile(AppSpec app, List<FnSpec> functions) {

  /** A {@code config} left out is null: deploy leaves the stored config as it is. */
  record AppSpec(String name, Map<String, String> config, String syslogUrl, String shape,
      Map<String, String> annotations) {
    AppSpec(String name, Map<String, String> config, String syslogUrl, String shape) {
      this(name, config, syslogUrl, shape, null);
    }
  }

  /** {@code annotations} are added or changed, never removed (the server generates some of its own). */
  record FnSpec(String name, String image, Integer memory, Integer timeout, Integer idleTimeout,
      Map<String, String> config, Map<String, String> annotations, List<TriggerSpec> triggers) {
    FnSpec(String name, String image, Integer memory, Integer timeout, Integer idleTimeout,
        Map<String, String> config, List<TriggerSpec> triggers) {
      this(name, image, memory, timeout, idleTimeout, config, null, triggers);
    }
  }

  record TriggerSpec(String name, String type, String source) {}

  static DeployFile read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no deploy file " + file + " (write one, or name it with -f)");
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
    }
    Object tree = tree(file, text);
    try {
      return parse(tree);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(file + ": " + e.getMessage());
    }
  }

  /** The file's text as maps, lists and strings: JSON for {@code .json} names, YAML otherwise. */
  static Object tree(Path file, String text) {
    try {
      return file.getFileName().toString().endsWith(".json")
          ? ApiClient.JSON.readValue(text, Object.class)
          : DeployYaml.parse(text);
    } catch (IOException | IllegalArgumentException e) {
      throw CliFailure.usage(file + ": " + e.getMessage());
    }
  }

  static DeployFile parse(Object tree) {
    Map<String, Object> root = map(tree, "the file");
    known(root, "the file", Set.of("app", "functions"));
    Object appNode = root.get("app");
    if (appNode == null) {
      throw new IllegalArgumentException("'app' is missing: name the app, e.g. app: tools");
    }
    AppSpec app;
    if (appNode instanceof String name) {
      app = new AppSpec(required(name, "app"), null, null, null);
    } else {
      Map<String, Object> a = map(appNode, "app");
      known(a, "app", Set.of("name", "config", "syslog_url", "shape", "annotations"));
      app = new AppSpec(required(string(a.get("name"), "app.name"), "app.name"),
          strings(a.get("config"), "app.config"), string(a.get("syslog_url"), "app.syslog_url"),
          string(a.get("shape"), "app.shape"), strings(a.get("annotations"), "app.annotations"));
    }
    List<FnSpec> fns = new ArrayList<>();
    List<Object> fnNodes = list(root.get("functions"), "functions");
    for (int i = 0; i < fnNodes.size(); i++) {
      String where = "functions[" + i + "]";
      Map<String, Object> f = map(fnNodes.get(i), where);
      known(f, where, Set.of("name", "image", "memory", "timeout", "idle_timeout", "config", "annotations",
          "triggers"));
      List<TriggerSpec> triggers = new ArrayList<>();
      List<Object> triggerNodes = list(f.get("triggers"), where + ".triggers");
      for (int j = 0; j < triggerNodes.size(); j++) {
        String tw = where + ".triggers[" + j + "]";
        Map<String, Object> t = map(triggerNodes.get(j), tw);
        known(t, tw, Set.of("name", "type", "source"));
        String type = string(t.get("type"), tw + ".type");
        triggers.add(new TriggerSpec(required(string(t.get("name"), tw + ".name"), tw + ".name"),
            type == null ? "http" : type, required(string(t.get("source"), tw + ".source"), tw + ".source")));
      }
      fns.add(new FnSpec(required(string(f.get("name"), where + ".name"), where + ".name"),
          required(string(f.get("image"), where + ".image"), where + ".image"),
          number(f.get("memory"), where + ".memory"), number(f.get("timeout"), where + ".timeout"),
          number(f.get("idle_timeout"), where + ".idle_timeout"), strings(f.get("config"), where + ".config"),
          strings(f.get("annotations"), where + ".annotations"), triggers));
    }
    return new DeployFile(app, fns);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String where) {
    if (node instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(where + " must be a mapping of keys to values");
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String where) {
    if (node == null || "".equals(node)) {
      return List.of();
    }
    if (node instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalArgumentException(where + " must be a list (items starting with '- ')");
  }

  static void known(Map<String, Object> m, String where, Set<String> keys) {
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "' in " + where + "; known keys: "
            + String.join(", ", keys.stream().sorted().toList()));
      }
    }
  }

  static String string(Object node, String where) {
    if (node == null) {
      return null;
    }
    if (node instanceof String || node instanceof Number || node instanceof Boolean) {
      return node.toString();
    }
    throw new IllegalArgumentException(where + " must be a single value");
  }

  static String required(String value, String where) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(where + " is missing");
    }
    return value;
  }

  static Integer number(Object node, String where) {
    String s = string(node, where);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a whole number, not '" + s + "'");
    }
  }

  static Map<String, String> strings(Object node, String where) {
    if (node == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    map("".equals(node) ? Map.of() : node, where).forEach((k, v) -> out.put(k, string(v, where + "." + k) == null
        ? "" : string(v, where + "." + k)));
    return out;
  }
}
