package io.hearth.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The base image of function images: a runtime made by jlink from the running JDK at {@code /jre},
 * plus the host libraries it links (found with ldd) at their own absolute paths, {@code FROM
 * scratch}. Stateless; {@link ImageBuilder} decides when to build it.
 */
final class JreImage {
  /** Raise when the image layout changes, so images of the old layout are not reused. */
  private static final int LAYOUT = 1;
  static final List<String> JLINK_OPTIONS = List.of(
      "--strip-debug", "--no-man-pages", "--no-header-files", "--generate-cds-archive");
  /**
   * CDS archive for heaps of 32 GiB and more: never used by a function container, and 14 MB. A JVM
   * that would need it runs without sharing.
   */
  private static final String NOCOOPS_ARCHIVE = "lib/server/classes_nocoops.jsa";
  private static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nfn:x:1000:1000:fn:/tmp:/sbin/nologin\n";
  private static final String GROUP = "root:x:0:\nfn:x:1000:\n";
  private static final String NSSWITCH = "passwd: files\ngroup: files\nhosts: files\n";

  private JreImage() {}

  /** The modules of the runtime: {@code java.base} plus those asked for, sorted. */
  static Set<String> modules(Set<String> extra) {
    Set<String> all = new TreeSet<>(extra);
    all.add("java.base");
    return all;
  }

  /** {@code <repository>/jre:<jdk version>-<hash of modules, JDK build and layout>}. */
  static String tag(String repository, Set<String> modules) {
    Runtime.Version v = Runtime.version();
    String key = String.join(",", modules) + "|" + v + "|" + System.getProperty("java.vm.vendor") + "|"
        + JLINK_OPTIONS + "|" + LAYOUT;
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return repository + "/jre:" + v.feature() + "." + v.interim() + "." + v.update() + "-"
          + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Runs the running JDK's jlink, writing a runtime of {@code modules} to {@code output}. The
   * {@code bin/jlink} launcher is preferred over the in-process tool: the CDS dump it starts then
   * writes to a pipe read here rather than to this process's own stdout.
   */
  static void jlink(Set<String> modules, Path output) {
    List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules)));
    args.addAll(JLINK_OPTIONS);
    args.addAll(List.of("--output", output.toString()));
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "jlink");
    int code;
    String log;
    if (Files.isExecutable(launcher)) {
      List<String> command = new ArrayList<>(List.of(launcher.toString()));
      command.addAll(args);
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        code = p.waitFor();
      } catch (IOException e) {
        throw new ImageBuildException("cannot run " + launcher + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageBuildException("interrupted while running jlink", e);
      }
    } else {
      ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new ImageBuildException(
          "jlink is not available in the running Java (" + System.getProperty("java.home")
              + "); run Hearth on a full JDK to build function images"));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      code = jlink.run(ps, ps, args.toArray(String[]::new));
      log = bytes.toString(StandardCharsets.UTF_8);
    }
    if (code != 0) {
      throw new ImageBuildException("jlink " + String.join(" ", args) + " failed (exit " + code + "): "
          + (log.length() <= 2000 ? log : "..." + log.substring(log.length() - 2000)));
    }
  }

  /** The build context of the base image for the runtime jlinked at {@code jre}. */
  static BuildContext context(Path jre) throws IOException {
    BuildContext ctx = new BuildContext().dockerfile("""
        FROM scratch
        COPY rootfs/ /
        ENV PATH=/jre/bin JAVA_HOME=/jre
        """);
    try (Stream<Path> files = Files.walk(jre)) {
      for (Path p : files.sorted().toList()) {
        String rel = jre.relativize(p).toString();
        if (rel.isEmpty() || rel.equals(NOCOOPS_ARCHIVE)) {
          continue;
        }
        String in = "rootfs/jre/" + rel;
        if (Files.isDirectory(p)) {
          ctx.directory(in, 0755);
        } else {
          ctx.file(in, p, Files.isExecutable(p) ? 0755 : 0644);
        }
      }
    }
    for (String lib : SharedLibraries.of(jre)) {
      ctx.file("rootfs" + lib, Path.of(lib), 0755); // same absolute path in the image, dereferenced
    }
    ctx.directory("rootfs/tmp", 01777);
    ctx.bytes("rootfs/etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8), 0644);
    ctx.bytes("rootfs/etc/group", GROUP.getBytes(StandardCharsets.UTF_8), 0644);
    ctx.bytes("rootfs/etc/nsswitch.conf", NSSWITCH.getBytes(StandardCharsets.UTF_8), 0644);
    return ctx;
  }
}
