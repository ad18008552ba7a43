package io.hearth.docker.testing;

import io.hearth.docker.DockerDriver;
import io.hearth.docker.FunctionImageSpec;
import io.hearth.docker.ImageBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Function images for tests, built once per JVM from the classpath entries (jars or class
 * directories) that hold some marker classes. Tags are {@code hearth-test/<name>:<hash of main
 * class and classpath content>-<run id>}, this JVM's own; base images use the test-only repository {@code hearth-test}, so
 * tests never touch a user's {@code hearth/jre} images. Function images this JVM built are removed
 * at exit; the {@code hearth-test/jre} base is kept as a cache between runs (jlink and its build
 * take about 7 s), labelled {@code io.hearth.test=true} so it can be pruned by label.
 *
 * <p>{@link #busybox()} is the shell image exec tests run.
 *
 * <p>State: the memo of built images is guarded by the class lock.
 */
public final class TestImages {
  public static final String BASE_REPOSITORY = "hearth-test";
  /** The shell image for exec tests; bump the number when the script's image changes. */
  public static final String BUSYBOX = BASE_REPOSITORY + "/busybox:1";
  private static final Map<String, String> built = new HashMap<>();
  private static boolean busyboxReady;

  private TestImages() {}

  /**
   * A tiny image with a shell (Debian's static busybox: {@code sh}, {@code echo}, {@code head},
   * {@code tr}, {@code sleep}, ... on {@code /bin}), for exec tests: {@code sh -c "echo hi > /alloc/out"}.
   * Built once (by {@code scripts/busybox-image.sh}, which downloads the {@code busybox-static}
   * package with apt-get and imports it; no registry needed) and kept between runs as a cache, like
   * the {@code hearth-test/jre} base, labelled {@code io.hearth.test=true}. Skips the test when no
   * engine answers; fails it, with the script's words, when the image cannot be built.
   */
  public static synchronized String busybox() {
    DockerDriver driver = TestDocker.driver();
    if (busyboxReady || driver.imageExists(BUSYBOX)) {
      busyboxReady = true;
      return BUSYBOX;
    }
    Path script = script("busybox-image.sh");
    try {
      Process p = new ProcessBuilder(script.toString(), BUSYBOX).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("cannot build the test image " + BUSYBOX + " with " + script + ":\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building " + BUSYBOX, e);
    }
    busyboxReady = true;
    return BUSYBOX;
  }

  /** The project's script {@code scripts/<name>}, found from the working directory up. */
  private static Path script(String name) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("scripts").resolve(name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find scripts/" + name + " above " + Path.of("").toAbsolutePath());
  }

  /** The tag of a function image running {@code mainClass}; skips the test when no engine answers. */
  public static synchronized String functionImage(String name, String mainClass, Class<?>... markerClasses) {
    List<Path> classpath = classpathOf(markerClasses);
    // The tag is this run's own: a concurrent test JVM removing its images at exit never removes ours.
    // Building the same content again is cheap, since the engine reuses the layers.
    String tag = BASE_REPOSITORY + "/" + name + ":" + hash(mainClass, classpath) + "-" + TestDocker.RUN_ID.substring(0, 8);
    if (built.containsKey(tag)) {
      return tag;
    }
    ImageBuilder b = builder();
    String base = b.ensureBaseImage(Set.of());
    b.buildFunctionImage(new FunctionImageSpec(tag, classpath, mainClass, List.of(), Set.of(), Map.of()));
    TestDocker.removeImageAtExit(tag);
    built.put(tag, base);
    return tag;
  }

  /**
   * A builder whose base images are {@code hearth-test/jre:...} and whose images are all labelled
   * {@code io.hearth.test=true}; skips the test when no engine answers.
   */
  public static ImageBuilder builder() {
    return new ImageBuilder(TestDocker.engine(), ImageBuilder.Options.defaults().withBaseRepository(BASE_REPOSITORY)
        .withLabels(Map.of(TestDocker.TEST_LABEL, "true")), io.hearth.core.time.Clock.system());
  }

  /** The distinct classpath entries (jar or directory) the classes were loaded from. */
  public static List<Path> classpathOf(Class<?>... classes) {
    Set<Path> entries = new LinkedHashSet<>();
    for (Class<?> c : classes) {
      CodeSource cs = c.getProtectionDomain().getCodeSource();
      if (cs == null || cs.getLocation() == null) {
        throw new IllegalArgumentException(c.getName() + " has no code source (a JDK class?)");
      }
      try {
        entries.add(Path.of(cs.getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("code source of " + c.getName() + " is not a path: " + cs.getLocation(), e);
      }
    }
    return new ArrayList<>(entries);
  }

  private static String hash(String mainClass, List<Path> classpath) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((mainClass + "|" + ImageBuilder.DEFAULT_JVM_OPTIONS + "|" + Runtime.version()).getBytes(StandardCharsets.UTF_8));
      for (Path entry : classpath) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(entry)) {
          files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          d.update(entry.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          d.update(Files.readAllBytes(f));
        }
      }
      return HexFormat.of().formatHex(d.digest(), 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
