package io.hearth.docker.testing.fn;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function image's main for tests: prints who it runs as and what it may write, then exits 0.
 * Runs inside a container built by {@code TestImages}; needs only {@code java.base}.
 */
public final class HelloMain {
  private HelloMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println("hello from hearth");
    System.out.println("java.version=" + System.getProperty("java.version"));
    System.out.println("user.name=" + System.getProperty("user.name"));
    System.out.println("tmp-writable=" + writable(Path.of("/tmp/probe")));
    System.out.println("root-writable=" + writable(Path.of("/probe")));
    System.out.println("max-heap-mb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println("cpus=" + Runtime.getRuntime().availableProcessors());
    Thread t = Thread.ofPlatform().start(() -> System.out.println("thread ran"));
    t.join();
    System.err.println("to stderr");
    System.out.flush();
  }

  private static boolean writable(Path p) {
    try {
      Files.writeString(p, "x");
      Files.delete(p);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
