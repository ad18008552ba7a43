package io.hearth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fn's own deploy files read as a {@link DeployFile}, so {@code hearth deploy} takes an Fn project
 * as it is. {@code func.yaml} is one function: name, image (without one, {@code name:version}, the
 * tag Fn's CLI gives a local build), memory, timeout, idle_timeout, config, annotations and
 * triggers; its build fields (runtime, cmd, build_image, ...) are Fn's CLI's business and skipped.
 * Its app is {@code --app}, else the {@code app.yaml} beside it or in its parent directory.
 * {@code app.yaml} is the app (name, config, annotations, syslog_url) with every {@code func.yaml} one directory
 * below it, as {@code fn deploy --all} deploys them. Stateless.
 */
final class FnFiles {
  private static final Set<String> FUNC_NAMES = Set.of("func.yaml", "func.yml", "func.json");
  private static final Set<String> APP_NAMES = Set.of("app.yaml", "app.yml", "app.json");
  private static final Set<String> FUNC_FIELDS = Set.of("name", "image", "memory", "timeout", "idle_timeout",
      "config", "annotations", "triggers");
  /** Fields of Fn's func.yaml that say how Fn's CLI builds the image: nothing to deploy. */
  private static final Set<String> FUNC_BUILD_FIELDS = Set.of("schema_version", "version", "runtime",
      "build_image", "run_image", "cmd", "entrypoint", "content_type", "type", "format", "build", "expects",
      "build_args", "docker_file");

  private FnFiles() {}

  static boolean isFuncFile(Path file) {
    return FUNC_NAMES.contains(String.valueOf(file.getFileName()));
  }

  static boolean isAppFile(Path file) {
    return APP_NAMES.contains(String.valueOf(file.getFileName()));
  }

  /** One function of {@code func.yaml}, in the app {@code appName} (null: from the app.yaml near it). */
  static DeployFile func(Path file, String appName) {
    DeployFile.FnSpec fn = function(file);
    DeployFile.AppSpec app;
    if (appName != null && !appName.isBlank()) {
      app = new DeployFile.AppSpec(appName, null, null, null);
    } else {
      Path dir = file.toAbsolutePath().getParent();
      app = nearApp(dir).or(() -> nearApp(dir.getParent())).map(FnFiles::appSpec).orElseThrow(() ->
          CliFailure.usage(file + " names no app: give --app NAME, or keep an app.yaml beside it or in its "
              + "parent directory, as Fn's CLI does"));
    }
    return new DeployFile(app, List.of(fn));
  }

  /** The app of {@code app.yaml} with the function of each {@code func.yaml} in a directory below it. */
  static DeployFile app(Path file) {
    DeployFile.AppSpec app = appSpec(file);
    List<DeployFile.FnSpec> fns = new ArrayList<>();
    Path dir = file.toAbsolutePath().getParent();
    try (Stream<Path> subdirs = Files.list(dir)) {
      for (Path sub : subdirs.filter(Files::isDirectory).sorted().toList()) {
        for (String name : List.of("func.yaml", "func.yml", "func.json")) {
          if (Files.isRegularFile(sub.resolve(name))) {
            fns.add(function(sub.resolve(name)));
            break;
          }
        }
      }
    } catch (IOException e) {
      throw CliFailure.usage("cannot list " + dir + ": " + e.getMessage());
    }
    Set<String> names = new HashSet<>();
    for (DeployFile.FnSpec f : fns) {
      if (!names.add(f.name())) {
        throw CliFailure.usage("two func.yaml files under " + dir + " name the function '" + f.name() + "'");
      }
    }
    return new DeployFile(app, fns);
  }

  private static Optional<Path> nearApp(Path dir) {
    if (dir == null) {
      return Optional.empty();
    }
    return APP_NAMES.stream().sorted().map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  private static DeployFile.AppSpec appSpec(Path file) {
    Map<String, Object> a = tree(file);
    try {
      DeployFile.known(a, "the app", Set.of("name", "config", "syslog_url", "annotations"));
      return new DeployFile.AppSpec(DeployFile.required(DeployFile.string(a.get("name"), "name"), "name"),
          DeployFile.strings(a.get("config"), "config"), DeployFile.string(a.get("syslog_url"), "syslog_url"), null,
          DeployFile.strings(a.get("annotations"), "annotations"));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(file + ": " + e.getMessage());
    }
  }

  private static DeployFile.FnSpec function(Path file) {
    Map<String, Object> f = tree(file);
    try {
      Set<String> known = new HashSet<>(FUNC_FIELDS);
      known.addAll(FUNC_BUILD_FIELDS);
      DeployFile.known(f, "the function", known);
      String name = DeployFile.required(DeployFile.string(f.get("name"), "name"), "name");
      String image = DeployFile.string(f.get("image"), "image");
      String version = DeployFile.string(f.get("version"), "version");
      if (image == null || image.isBlank()) {
        if (version == null || version.isBlank()) {
          throw new IllegalArgumentException("no image: add 'image: <reference>' (Fn's CLI builds one; Hearth "
              + "deploys an image that exists)");
        }
        image = name + ":" + version; // the tag fn build gives a function without a registry
      }
      List<DeployFile.TriggerSpec> triggers = new ArrayList<>();
      List<Object> nodes = DeployFile.list(f.get("triggers"), "triggers");
      for (int j = 0; j < nodes.size(); j++) {
        String tw = "triggers[" + j + "]";
        Map<String, Object> t = DeployFile.map(nodes.get(j), tw);
        DeployFile.known(t, tw, Set.of("name", "type", "source"));
        String type = DeployFile.string(t.get("type"), tw + ".type");
        triggers.add(new DeployFile.TriggerSpec(DeployFile.required(DeployFile.string(t.get("name"), tw + ".name"),
            tw + ".name"), type == null ? "http" : type,
            DeployFile.required(DeployFile.string(t.get("source"), tw + ".source"), tw + ".source")));
      }
      return new DeployFile.FnSpec(name, image, DeployFile.number(f.get("memory"), "memory"),
          DeployFile.number(f.get("timeout"), "timeout"), DeployFile.number(f.get("idle_timeout"), "idle_timeout"),
          DeployFile.strings(f.get("config"), "config"), DeployFile.strings(f.get("annotations"), "annotations"),
          triggers);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(file + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> tree(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no file " + file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
    }
    try {
      return DeployFile.map(DeployFile.tree(file, text), file.toString());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(file + ": " + e.getMessage());
    }
  }
}
