package io.hearth.server.leases;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar of a sub-directory of an alloc's scratch directory ({@code GET /v2/allocs/{id}/tar?path=}),
 * bounded: its directories and regular files (symbolic links and other kinds are left out, never
 * followed), names relative to the sub-directory, written with Apache Commons Compress (POSIX long
 * names and big numbers, 512-byte records, times in whole seconds, so its size is known before a
 * byte is written). A
 * missing sub-directory is an empty tar. Pure apart from reading the files.
 */
final class ScratchTar {
  /** What a tar may be at most when the caller names no bound. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;
  /** The largest bound a caller may name. */
  static final long MAX_MAX_BYTES = 1L << 30;
  private static final int RECORD = 512;

  private final List<Path> entries;
  private final Path root;
  private final long bytes;

  private ScratchTar(Path root, List<Path> entries, long bytes) {
    this.root = root;
    this.entries = entries;
    this.bytes = bytes;
  }

  /** Where a tar request resolved to. */
  sealed interface Resolved {
    record Tar(ScratchTar tar) implements Resolved {}

    /** The path is not one a client may ask for; the message says why. */
    record Refused(String message) implements Resolved {}
  }

  /** The tar of {@code relative} (a path under {@code scratch}), measured. */
  static Resolved of(Path scratch, String relative) throws IOException {
    if (relative.isEmpty() || relative.startsWith("/") || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
      return new Resolved.Refused("path '" + LeaseRequests.shorten(relative) + "' must be a directory relative to"
          + " /alloc, e.g. ?path=out");
    }
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        return new Resolved.Refused("path '" + LeaseRequests.shorten(relative) + "' cannot go up with '..'");
      }
    }
    Path dir = scratch.resolve(relative).normalize();
    if (!dir.startsWith(scratch)) {
      return new Resolved.Refused("path '" + LeaseRequests.shorten(relative) + "' must stay inside /alloc");
    }
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Resolved.Tar(new ScratchTar(dir, List.of(), 2L * RECORD));
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Resolved.Refused("'" + LeaseRequests.shorten(relative) + "' in /alloc is not a directory");
    }
    List<Path> entries = new ArrayList<>();
    long[] bytes = {2L * RECORD}; // the end-of-archive records
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (!d.equals(dir)) {
          add(d, 0);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          add(file, attrs.size());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // unreadable: left out
      }

      private void add(Path p, long size) {
        entries.add(p);
        long name = dir.relativize(p).toString().length();
        // a header, a POSIX header and its record(s) more for a long name, the content padded to records
        bytes[0] += RECORD + (name > 99 ? RECORD + padded(name + 32) : 0) + padded(size);
      }
    });
    return new Resolved.Tar(new ScratchTar(dir, entries, bytes[0]));
  }

  /** Its size in bytes: what {@link #write} writes, exactly for names of at most 99 characters, at most for longer ones. */
  long bytes() {
    return bytes;
  }

  void write(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, RECORD);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Path p : entries) {
      String name = root.relativize(p).toString().replace('\\', '/');
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      TarArchiveEntry e = new TarArchiveEntry(isDir ? name + "/" : name, isDir ? TarConstants.LF_DIR : TarConstants.LF_NORMAL);
      long size = isDir ? 0 : Files.size(p);
      e.setSize(size);
      // whole seconds: a finer time would add a POSIX header of its own to every entry
      e.setModTime(java.nio.file.attribute.FileTime.fromMillis(
          Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000 * 1000));
      e.setMode(isDir ? 0755 : 0644);
      tar.putArchiveEntry(e);
      if (!isDir) {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
          copy(in, tar, size);
        }
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  /** Exactly {@code size} bytes of {@code in} (zeros after a file that shrank). */
  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        java.util.Arrays.fill(buf, (byte) 0);
        n = (int) Math.min(buf.length, left);
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static long padded(long size) {
    return (size + RECORD - 1) / RECORD * RECORD;
  }
}
