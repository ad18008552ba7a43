package io.hearth.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the host's shared libraries a jlinked runtime links against, with {@code ldd}, so that an
 * image {@code FROM scratch} can carry them at the same absolute paths. Stateless.
 */
final class SharedLibraries {
  private SharedLibraries() {}

  /**
   * The absolute paths, outside {@code jre}, of every library {@code bin/java} and each {@code .so}
   * of the runtime load, the dynamic loader included.
   */
  static Set<String> of(Path jre) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("ldd");
    command.add(jre.resolve("bin/java").toString());
    try (Stream<Path> files = Files.walk(jre.resolve("lib"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".so") && Files.isRegularFile(p))
          .sorted().forEach(p -> command.add(p.toString()));
    }
    Path lib = jre.resolve("lib").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LD_LIBRARY_PATH", lib + ":" + lib.resolve("server"));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run ldd (" + e.getMessage() + "); building a JRE image needs a Linux "
          + "host with glibc's ldd", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ldd did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ldd", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("ldd failed (exit " + p.exitValue() + "): " + DockerEngine.abbreviate(output));
    }
    return parse(output, jre.toAbsolutePath().toString());
  }

  /**
   * Parses {@code ldd}'s output for one or more files: {@code name => /path (0x...)} lines and the
   * loader's {@code /path (0x...)} line; file headers ({@code /file:}) and the vDSO are skipped,
   * as is anything under {@code exclude}.
   *
   * @throws IOException when a library is {@code not found}
   */
  static Set<String> parse(String output, String exclude) throws IOException {
    Set<String> paths = new TreeSet<>();
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || (!raw.startsWith("\t") && line.endsWith(":"))) {
        continue; // a header naming the file whose dependencies follow
      }
      if (line.contains("=> not found")) {
        throw new IOException("ldd could not resolve a library of the runtime: " + line);
      }
      String path;
      int arrow = line.indexOf("=>");
      if (arrow >= 0) {
        path = line.substring(arrow + 2).strip();
      } else {
        path = line; // the loader, or a library named by absolute path
      }
      int paren = path.indexOf(" (");
      if (paren >= 0) {
        path = path.substring(0, paren).strip();
      }
      if (path.startsWith("/") && !path.startsWith(exclude + "/")) {
        paths.add(Path.of(path).normalize().toString());
      }
    }
    return paths;
  }
}
