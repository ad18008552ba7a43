package io.hearth.server;

import io.hearth.cli.Cli;
import io.hearth.core.driver.DriverException;
import io.hearth.core.model.Fn;
import io.hearth.core.time.Clock;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.DockerEngine;
import io.hearth.docker.FunctionImageSpec;
import io.hearth.docker.ImageBuildException;
import io.hearth.docker.ImageBuilder;
import io.hearth.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code hearth} command. The only place that reads the environment or exits the process.
 * Exit codes: 0 done, 1 failed, 2 wrong usage or configuration; client commands (io.hearth.cli)
 * add 3, the server cannot be reached, and 4, unauthorized.
 */
public final class Main {
  private static final String USAGE = """
      usage: hearth <command> [arguments]

        server                          start an all-in-one node (API, datastore, containers)
        server --role api|lb|runner     start a node of a cluster (see the README's multi-node setup)
        image build --tag NAME:TAG --main CLASS [--jvm-opt OPT]... [--add-modules M,...] JAR_OR_DIR...
                                        package a function as a container image, no registry needed
        samples [--rebuild]             build the bundled images hearth/hello and hearth/testfn
        version                         print the version
      """ + Cli.USAGE + """

      Server settings come from the environment (HEARTH_*; Fn's FN_* names too): see the README.
      """;

  private Main() {}

  public static void main(String[] args) {
    int code;
    try {
      LogSettings.fromEnv(System.getenv()).apply();
      code = run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("hearth: " + e.getMessage());
      code = 2;
    } catch (DriverException | StoreException | ImageBuildException e) {
      System.err.println("hearth: " + e.getMessage());
      code = 1;
    } catch (Exception e) {
      System.err.println("hearth: " + e);
      e.printStackTrace(System.err);
      code = 1;
    }
    if (code >= 0) {
      System.exit(code);
    }
  }

  /** Runs a command; a negative result means "keep running" (the server). */
  static int run(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    if (Cli.handles(args[0])) {
      return Cli.run(args, System.getenv(), System.in, System.out, System.err);
    }
    List<String> rest = List.of(args).subList(1, args.length);
    return switch (args[0]) {
      case "server" -> server(ServerConfig.fromEnv(RoleMain.environment(rest, System.getenv())));
      case "image" -> image(rest, ServerConfig.fromEnv(System.getenv()));
      case "samples" -> samples(rest, ServerConfig.fromEnv(System.getenv()));
      case "version", "--version" -> {
        System.out.println("hearth " + HearthServer.VERSION);
        yield 0;
      }
      default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + USAGE);
    };
  }

  private static int server(ServerConfig config) throws Exception {
    if (config.cluster().role() != Role.ALL) {
      return RoleMain.run(config);
    }
    DockerDriver driver = DockerDriver.open(config.dockerSocket(), Clock.system(), config.imageRegistries());
    Optional<String> demoImage = Optional.empty();
    if (config.demo()) {
      ImageBuilder builder = new ImageBuilder(driver.engine(), ImageBuilder.Options.defaults(), Clock.system());
      if (builder.imageId(SampleImages.HELLO) == null) {
        System.err.println("hearth: building the image " + SampleImages.HELLO + " (first start only, ~20 s)...");
      }
      SampleImages.ensure(builder, SampleImages.HELLO, false);
      demoImage = Optional.of(SampleImages.HELLO);
    }
    HearthServer server = HearthServer.start(config, driver);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("hearth: stopping...");
      server.close();
      driver.close();
      stopped.countDown();
    }, "hearth-shutdown"));
    String base = "http://" + config.host() + ":" + server.port();
    System.out.println("Hearth " + HearthServer.VERSION + " is running on " + base);
    if (demoImage.isPresent() && config.dbUrl().isEmpty()) {
      Optional<Fn> hello = Demo.ensure(server.functions(), demoImage.get(), Clock.system());
      hello.ifPresent(fn -> System.out.println("Try it:  curl -d 'Ada' " + base + "/invoke/" + fn.id()));
    }
    System.out.println("Stop it with Ctrl-C.");
    stopped.await();
    return -1;
  }

  private static int image(List<String> args, ServerConfig config) {
    if (args.isEmpty() || !args.getFirst().equals("build")) {
      throw new IllegalArgumentException("expected 'image build'\n" + USAGE);
    }
    String tag = null;
    String main = null;
    List<String> jvmOptions = new ArrayList<>();
    Set<String> modules = new LinkedHashSet<>();
    List<Path> classpath = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--tag" -> tag = value(args, ++i, a);
        case "--main" -> main = value(args, ++i, a);
        case "--jvm-opt" -> jvmOptions.add(value(args, ++i, a));
        case "--add-modules" -> modules.addAll(List.of(value(args, ++i, a).split(",")));
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
          }
          Path p = Path.of(a);
          if (!Files.exists(p)) {
            throw new IllegalArgumentException("no such jar or directory: " + a);
          }
          classpath.add(p);
        }
      }
    }
    if (tag == null || main == null || classpath.isEmpty()) {
      throw new IllegalArgumentException("image build needs --tag, --main and at least one jar\n" + USAGE);
    }
    try (DockerEngine engine = new DockerEngine(config.dockerSocket())) {
      ImageBuilder builder = new ImageBuilder(engine, ImageBuilder.Options.defaults(), Clock.system());
      String id = builder.buildFunctionImage(new FunctionImageSpec(tag, classpath, main, jvmOptions, modules, Map.of()));
      System.out.println("built " + tag + " (" + id + ")");
    }
    return 0;
  }

  private static int samples(List<String> args, ServerConfig config) throws ClassNotFoundException {
    boolean rebuild = args.contains("--rebuild");
    try (DockerEngine engine = new DockerEngine(config.dockerSocket())) {
      ImageBuilder builder = new ImageBuilder(engine, ImageBuilder.Options.defaults(), Clock.system());
      for (String tag : List.of(SampleImages.HELLO, SampleImages.TESTFN)) {
        boolean built = SampleImages.ensure(builder, tag, rebuild);
        System.out.println((built ? "built " : "already there: ") + tag);
      }
    }
    return 0;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
