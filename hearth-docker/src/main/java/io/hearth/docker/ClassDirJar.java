package io.hearth.docker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs a directory of classes and resources into a jar with sorted entries and a fixed time, so
 * the same classes give the same bytes (and the engine's layer cache can reuse the layer).
 * Stateless.
 */
final class ClassDirJar {
  /** 1980-01-01, the earliest time a zip entry can carry. */
  private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L);

  private ClassDirJar() {}

  static void write(Path dir, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(jar));
        JarOutputStream j = new JarOutputStream(out)) {
      for (Path f : files) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        JarEntry e = new JarEntry(name);
        e.setLastModifiedTime(FIXED_TIME);
        j.putNextEntry(e);
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }
}
