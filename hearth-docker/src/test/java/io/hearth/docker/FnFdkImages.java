package io.hearth.docker;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Images of functions written on Fn's own FDKs, laid out as Fn lays them out, built offline for
 * tests: the Java FDK's layout of {@code fnproject/fn-java-fdk} (see {@code
 * shared/fixtures/fn-java-fdk/README.md}) on Hearth's jlinked runtime, and a Node.js function on the
 * machine's own node binary and its shared libraries, {@code FROM scratch}. Images are this test
 * JVM's own and removed at its exit. Stateless apart from the engine.
 */
public final class FnFdkImages {
  /** The Java FDK's entry point and JVM options, as its Dockerfile has them (java at /jre/bin). */
  static final List<String> JAVA_ENTRYPOINT = List.of("/jre/bin/java", "-XX:-UsePerfData", "-XX:+UseSerialGC",
      "-Xshare:on", "-Djava.awt.headless=true", "-Djava.library.path=/function/runtime/lib", "-cp",
      "/function/app/*:/function/runtime/*:/function/app:/function/app/resources",
      "com.fnproject.fn.runtime.EntryPoint");
  /** The modules Fn's Java FDK needs of a runtime. */
  static final Set<String> JAVA_MODULES = Set.of("java.desktop", "java.sql", "jdk.unsupported");
  private static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nfn:x:1000:1000:fn:/tmp:/sbin/nologin\n";

  private FnFdkImages() {}

  /**
   * The fixture directory {@code shared/fixtures/fn-java-fdk} (the FDK's native library), found
   * beside the repository or above the working directory, or the {@code hearth.fn.java.fdk} property.
   */
  public static Optional<Path> javaFdkFixture() {
    String given = System.getProperty("hearth.fn.java.fdk");
    if (given != null) {
      return Optional.of(Path.of(given)).filter(p -> Files.isRegularFile(p.resolve("libfnunixsocket.so")));
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/fixtures/fn-java-fdk");
      if (Files.isRegularFile(candidate.resolve("libfnunixsocket.so"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A Java function on Fn's FDK: {@code runtimeJars} (the FDK runtime and its dependencies) at
   * {@code /function/runtime}, the native library at {@code /function/runtime/lib}, {@code appJars}
   * (the function's jar and the FDK api) at {@code /function/app}, and the handler as the command.
   */
  public static String javaFunction(String name, List<Path> runtimeJars, Path nativeLib, List<Path> appJars,
      String handler) {
    ImageBuilder b = TestImages.builder();
    String base = b.ensureBaseImage(JAVA_MODULES);
    BuildContext ctx = new BuildContext();
    for (Path jar : runtimeJars) {
      ctx.file("function/runtime/" + jar.getFileName(), jar, 0644);
    }
    ctx.file("function/runtime/lib/libfnunixsocket.so", nativeLib, 0755);
    for (Path jar : appJars) {
      ctx.file("function/app/" + jar.getFileName(), jar, 0644);
    }
    ctx.dockerfile("FROM " + base + "\nCOPY function/ /function/\nENTRYPOINT " + json(JAVA_ENTRYPOINT)
        + "\nCMD " + json(List.of(handler)) + "\n");
    return build(b, ctx, name);
  }

  /**
   * A Node.js function: the node binary at its own path with the libraries it links, {@code
   * functionDir} (its {@code func.js} and {@code node_modules}) at {@code /function}, run as
   * {@code node /function/func.js}.
   */
  public static String nodeFunction(String name, Path node, Path functionDir) {
    ImageBuilder b = TestImages.builder();
    BuildContext ctx = new BuildContext();
    try {
      Path binary = node.toRealPath();
      ctx.file("rootfs" + binary, binary, 0755);
      for (String lib : SharedLibraries.parse(ldd(binary), "/nonexistent")) {
        ctx.file("rootfs" + lib, Path.of(lib), 0755);
      }
      try (Stream<Path> files = Files.walk(functionDir)) {
        for (Path p : files.sorted().toList()) {
          String rel = functionDir.relativize(p).toString();
          if (rel.isEmpty()) {
            continue;
          }
          if (Files.isDirectory(p)) {
            ctx.directory("rootfs/function/" + rel, 0755);
          } else if (Files.isRegularFile(p)) {
            ctx.file("rootfs/function/" + rel, p, 0644);
          }
        }
      }
      ctx.directory("rootfs/tmp", 01777);
      ctx.bytes("rootfs/etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8), 0644);
      ctx.dockerfile("FROM scratch\nCOPY rootfs/ /\nENTRYPOINT " + json(List.of(binary.toString(), "/function/func.js"))
          + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the node image", e);
    }
    return build(b, ctx, name);
  }

  private static String build(ImageBuilder b, BuildContext ctx, String name) {
    String tag = TestImages.BASE_REPOSITORY + "/" + name + ":" + TestDocker.RUN_ID.substring(0, 8);
    b.buildContext(ctx, tag, Map.of());
    TestDocker.removeImageAtExit(tag);
    return tag;
  }

  private static String ldd(Path binary) throws IOException {
    Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("ldd " + binary + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ldd", e);
    }
    return out;
  }

  private static String json(List<String> values) {
    try {
      return TestDocker.engine().json().writeValueAsString(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
