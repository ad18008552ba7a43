package io.hearth.docker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a Docker build context, written as a tar file: a Dockerfile plus files taken from
 * the host (dereferenced) or from memory, with every parent directory listed explicitly (mode
 * 0755) so that the image's directories are readable by any user.
 *
 * <p>Not thread-safe: filled and written by one thread.
 */
final class BuildContext {
  private sealed interface Source permits HostFile, Bytes, Directory {}

  private record HostFile(Path path) implements Source {}

  private record Bytes(byte[] content) implements Source {}

  private record Directory() implements Source {}

  private record Entry(Source source, int mode) {}

  private final Map<String, Entry> entries = new TreeMap<>();

  BuildContext dockerfile(String text) {
    return bytes("Dockerfile", text.getBytes(StandardCharsets.UTF_8), 0644);
  }

  BuildContext file(String path, Path source, int mode) {
    return put(path, new Entry(new HostFile(source), mode));
  }

  BuildContext bytes(String path, byte[] content, int mode) {
    return put(path, new Entry(new Bytes(content), mode));
  }

  BuildContext directory(String path, int mode) {
    return put(path, new Entry(new Directory(), mode));
  }

  private BuildContext put(String path, Entry e) {
    if (entries.containsKey(path) && !(entries.get(path).source() instanceof Directory && e.source() instanceof Directory)) {
      throw new IllegalArgumentException("build context has two entries for " + path);
    }
    entries.put(path, e);
    return this;
  }

  /** Writes the context as a tar archive to {@code tar} and returns its size. */
  long writeTo(Path tar) throws IOException {
    Map<String, Entry> all = new TreeMap<>(entries);
    for (String path : entries.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        all.putIfAbsent(path.substring(0, slash), new Entry(new Directory(), 0755));
      }
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024);
        TarWriter w = new TarWriter(out)) {
      for (Map.Entry<String, Entry> e : all.entrySet()) {
        int mode = e.getValue().mode();
        switch (e.getValue().source()) {
          case Directory d -> w.directory(e.getKey(), mode);
          case Bytes b -> w.file(e.getKey(), mode, b.content());
          case HostFile f -> w.file(e.getKey(), mode, f.path());
        }
      }
    }
    return Files.size(tar);
  }
}
