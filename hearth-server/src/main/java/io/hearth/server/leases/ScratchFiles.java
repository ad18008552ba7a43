package io.hearth.server.leases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The file operations on an alloc's scratch directory: reading a file from it safely, measuring it, deleting it. */
final class ScratchFiles {
  private ScratchFiles() {}

  /** Where a file request resolved to. */
  sealed interface Resolved {
    record File(Path path) implements Resolved {}

    /** The path is not one a client may ask for; the message says why. */
    record Refused(String message) implements Resolved {}

    record Missing(String message) implements Resolved {}
  }

  /**
   * The regular file {@code relative} names under {@code scratch}: refused when it is absolute, has a
   * {@code ..} segment, or leads out of the directory through a symbolic link; missing when there is
   * no regular file there.
   */
  static Resolved resolve(Path scratch, String relative) {
    if (relative.isEmpty()) {
      return new Resolved.Refused("a file path is needed, relative to /alloc");
    }
    if (relative.startsWith("/") || relative.startsWith("\\") || relative.indexOf('\0') >= 0) {
      return new Resolved.Refused("file path '" + relative + "' must be relative to /alloc, e.g. out/result.txt");
    }
    for (String segment : relative.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return new Resolved.Refused("file path '" + relative + "' cannot go up with '..': it must stay inside /alloc");
      }
    }
    Path candidate;
    try {
      candidate = scratch.resolve(relative).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return new Resolved.Refused("file path '" + relative + "' is not a valid path: " + e.getReason());
    }
    if (!candidate.startsWith(scratch)) {
      return new Resolved.Refused("file path '" + relative + "' must stay inside /alloc");
    }
    Path real;
    try {
      real = candidate.toRealPath();
      if (!real.startsWith(scratch.toRealPath())) {
        return new Resolved.Refused("file path '" + relative + "' leads out of /alloc through a symbolic link");
      }
    } catch (NoSuchFileException e) {
      return new Resolved.Missing("no file '" + relative + "' in /alloc");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return new Resolved.Missing("'" + relative + "' in /alloc is not a regular file");
    }
    return new Resolved.File(real);
  }

  /** The bytes the regular files under {@code dir} hold (symbolic links are not followed); 0 when it is missing. */
  static long size(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: an exec's business
      }
    });
    return total[0];
  }

  /** Deletes {@code dir} and everything under it; a missing one is fine. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
