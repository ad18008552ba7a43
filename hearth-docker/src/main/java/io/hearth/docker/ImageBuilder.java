package io.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.driver.DriverException;
import io.hearth.core.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds function images with no registry: a base image holding a jlinked runtime of the running
 * JDK and the host libraries it needs ({@code FROM scratch}), and on top of it one image per
 * function with its classpath under {@code /function/lib}. Everything goes through the Engine's
 * {@code POST /build} with a build context this class writes itself.
 *
 * <p>State: none beyond the lock that keeps two threads from building the same base image at once.
 */
public final class ImageBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);

  /**
   * Options for a fast start in a small container: one-thread GC, C1 only (short calls rarely reach
   * C2), the runtime's CDS archive, no perf-data file (the rootfs is read-only), half the container
   * memory as heap, smaller thread stacks.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
      "-XX:MaxRAMPercentage=50", "-Xss512k");
  /** Carried by every image this builder makes. */
  public static final String IMAGE_LABEL = "io.hearth.image";
  public static final String FUNCTION_LIB = "/function/lib";

  private final DockerEngine engine;
  private final Options options;
  private final Clock clock;
  private final ReentrantLock baseLock = new ReentrantLock();

  /**
   * @param baseRepository repository of base images, e.g. {@code hearth} gives {@code hearth/jre:<version>-<hash>}
   * @param workDir        where temporary runtimes and build contexts go (removed after each build)
   * @param buildTimeout   longest one build may take
   * @param labels         labels of every image this builder makes, base images included
   */
  public record Options(String baseRepository, Path workDir, Duration buildTimeout, Map<String, String> labels) {
    public Options {
      labels = Map.copyOf(labels);
    }

    public static Options defaults() {
      return new Options("hearth", Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(10), Map.of());
    }

    public Options withBaseRepository(String repository) {
      return new Options(repository, workDir, buildTimeout, labels);
    }

    public Options withLabels(Map<String, String> labels) {
      return new Options(baseRepository, workDir, buildTimeout, labels);
    }
  }

  /** @param clock times the builds for the log */
  public ImageBuilder(DockerEngine engine, Options options, Clock clock) {
    this.engine = engine;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Builds the function image (and its base image when missing); returns the image id. The image
   * is labelled {@code io.hearth.image=true}, with the options' labels and the spec's.
   */
  public String buildFunctionImage(FunctionImageSpec spec) {
    String base = ensureBaseImage(spec.jlinkModules());
    long started = clock.nanoTime();
    Path dir = tempDir("hearth-fn-");
    try {
      List<String> classpath = new ArrayList<>();
      BuildContext ctx = new BuildContext();
      int i = 0;
      for (Path entry : spec.classpath()) {
        String name = String.format("%03d-%s", i++, jarName(entry));
        if (Files.isDirectory(entry)) {
          Path jar = dir.resolve(name);
          ClassDirJar.write(entry, jar);
          ctx.file("lib/" + name, jar, 0644);
        } else if (Files.isRegularFile(entry)) {
          ctx.file("lib/" + name, entry, 0644);
        } else {
          throw new ImageBuildException("classpath entry " + entry + " is neither a jar file nor a directory");
        }
        classpath.add(FUNCTION_LIB + "/" + name);
      }
      List<String> entrypoint = new ArrayList<>();
      entrypoint.add("/jre/bin/java");
      entrypoint.addAll(DEFAULT_JVM_OPTIONS);
      entrypoint.addAll(spec.jvmOptions());
      entrypoint.addAll(List.of("-cp", String.join(":", classpath), spec.mainClass()));
      ctx.dockerfile("FROM " + base + "\nCOPY lib/ " + FUNCTION_LIB + "/\nENTRYPOINT "
          + engine.json().writeValueAsString(entrypoint) + "\n");
      Map<String, String> labels = new TreeMap<>(options.labels());
      labels.putAll(spec.labels());
      String id = build(ctx, dir, spec.tag(), labels(labels, "function"));
      LOG.info("built function image {} ({}) in {} ms", spec.tag(), id, (clock.nanoTime() - started) / 1_000_000);
      return id;
    } catch (IOException e) {
      throw new ImageBuildException("building function image " + spec.tag() + " failed: " + e.getMessage(), e);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * The tag of the base image holding {@code java.base} plus {@code modules}, building it when the
   * engine does not have it yet (labelled {@code io.hearth.image=true} and with the options' labels).
   */
  public String ensureBaseImage(Set<String> modules) {
    Set<String> all = JreImage.modules(modules);
    String tag = JreImage.tag(options.baseRepository(), all);
    baseLock.lock();
    try {
      if (imageId(tag) != null) {
        return tag;
      }
      Path dir = tempDir("hearth-jre-");
      try {
        long t0 = clock.nanoTime();
        Path jre = dir.resolve("jre");
        JreImage.jlink(all, jre);
        long t1 = clock.nanoTime();
        BuildContext ctx = JreImage.context(jre);
        String id = build(ctx, dir, tag, labels(options.labels(), "jre"));
        LOG.info("built base image {} ({}) of modules {}: jlink {} ms, build {} ms", tag, id, all,
            (t1 - t0) / 1_000_000, (clock.nanoTime() - t1) / 1_000_000);
        return tag;
      } catch (IOException e) {
        throw new ImageBuildException("building base image " + tag + " failed: " + e.getMessage(), e);
      } finally {
        deleteTree(dir);
      }
    } finally {
      baseLock.unlock();
    }
  }

  /**
   * Builds an image from a context of any layout (test fixtures use it for images laid out as other
   * platforms lay theirs out), labelled like every image of this builder; returns the image id.
   */
  String buildContext(BuildContext ctx, String tag, Map<String, String> extraLabels) {
    Path dir = tempDir("hearth-ctx-");
    try {
      Map<String, String> labels = new TreeMap<>(options.labels());
      labels.putAll(extraLabels);
      return build(ctx, dir, tag, labels(labels, "function"));
    } catch (IOException e) {
      throw new ImageBuildException("building image " + tag + " failed: " + e.getMessage(), e);
    } finally {
      deleteTree(dir);
    }
  }

  /** The id of the image the engine knows by {@code ref}, or null. */
  public String imageId(String ref) {
    DockerEngine.Reply r = engine.call("GET", "/images/" + DockerDriver.pathOf(ref) + "/json", null);
    if (r.status() == 404) {
      return null;
    }
    if (!r.ok()) {
      throw engine.refused(r, "inspect image " + ref, DriverException.Kind.FAILED);
    }
    return engine.tree(r).path("Id").asText();
  }

  private static Map<String, String> labels(Map<String, String> given, String kind) {
    Map<String, String> all = new TreeMap<>(given);
    all.put(IMAGE_LABEL, "true");
    all.put(IMAGE_LABEL + ".kind", kind);
    return all;
  }

  private String build(BuildContext ctx, Path dir, String tag, Map<String, String> labels) throws IOException {
    Path tar = dir.resolve("context.tar");
    long size = ctx.writeTo(tar);
    String path = "/build?t=" + DockerDriver.query(tag) + "&rm=1&forcerm=1&labels="
        + DockerDriver.query(engine.json().writeValueAsString(labels));
    Deque<String> tail = new ArrayDeque<>();
    String[] id = {null};
    try (InputStream in = Files.newInputStream(tar);
        EngineStream s = engine.stream("POST", path, in, size, "application/x-tar", options.buildTimeout())) {
      if (s.status() != 200) {
        throw new ImageBuildException("Docker Engine refused to build image " + tag + ": "
            + engine.message(s.readReply()) + " (HTTP " + s.status() + ")");
      }
      String error;
      try {
        error = JsonProgress.read(s.body(), engine.json(), n -> progress(n, tag, tail, id));
      } catch (IOException e) {
        if (s.timedOut()) {
          throw new ImageBuildException("building image " + tag + " took longer than " + options.buildTimeout());
        }
        throw e;
      }
      if (error != null) {
        throw new ImageBuildException("building image " + tag + " failed: " + error.strip()
            + (tail.isEmpty() ? "" : "\nlast build output:\n" + String.join("\n", tail)));
      }
    }
    String built = imageId(tag);
    if (built == null) {
      throw new ImageBuildException("the engine reported building image " + tag + " but does not know it");
    }
    return id[0] != null ? id[0] : built;
  }

  private static void progress(JsonNode n, String tag, Deque<String> tail, String[] id) {
    String line = n.path("stream").asText("").strip();
    if (!line.isEmpty()) {
      LOG.debug("build {}: {}", tag, line);
      tail.addLast(line);
      if (tail.size() > 20) {
        tail.removeFirst();
      }
    }
    JsonNode aux = n.path("aux").path("ID");
    if (aux.isTextual()) {
      id[0] = aux.asText();
    }
  }

  private static String jarName(Path entry) {
    Path file = entry.getFileName();
    String name = file == null ? "classes" : file.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    return name.endsWith(".jar") ? name : name + ".jar";
  }

  private Path tempDir(String prefix) {
    try {
      Files.createDirectories(options.workDir());
      return Files.createTempDirectory(options.workDir(), prefix);
    } catch (IOException e) {
      throw new ImageBuildException("cannot create a temporary directory in " + options.workDir() + ": " + e, e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove temporary directory {}: {}", dir, e.toString());
    }
  }
}
