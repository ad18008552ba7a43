package io.hearth.store.powercut;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A disk that loses what was not forced. Every write and truncation of an H2 database file
 * ({@code .mv.db}) opened through {@link PowerCutFilePath} is kept as pending until the file is
 * forced ({@code FileChannel.force}); a force applies the pending changes, in order, to the
 * file's <em>durable image</em>, a second file that holds exactly what a disk that honours
 * {@code fsync} and nothing more would still hold after a power cut. {@link #cut} is the power
 * cut: from then on every operation on the files fails, as on a machine that has stopped, and
 * the durable images are what a restart would find.
 *
 * <p>The strictest disk of that kind: it keeps none of the unforced writes, where a real one may
 * keep any of them. The lock of this object owns every field; the channels call in under it.
 */
public final class PowerCutDisk {

  private record Op(long position, byte[] bytes, long truncateTo) {}

  private final Path imageDir;
  private final List<Op> pending = new ArrayList<>();
  private Path image;
  private boolean cut;
  private long forces;
  private long forcedBytes;

  PowerCutDisk(Path imageDir) {
    this.imageDir = imageDir;
  }

  /** Where the durable image of the database file named {@code name} is (or will be). */
  public synchronized Path image(String fileName) {
    return imageDir.resolve(fileName);
  }

  /** The power cut: every later operation on the files fails; the images stay as they are. */
  public synchronized void cut() {
    cut = true;
    pending.clear();
  }

  /** How many times the database file was forced. */
  public synchronized long forces() {
    return forces;
  }

  /** Bytes written to the database file and not yet forced: what a power cut now would lose. */
  public synchronized long unforcedBytes() {
    return pending.stream().mapToLong(o -> o.bytes == null ? 0 : o.bytes.length).sum();
  }

  /** Bytes copied to the image by forces so far. */
  public synchronized long forcedBytes() {
    return forcedBytes;
  }

  synchronized void opened(Path file) throws IOException {
    check();
    Path at = image(file.getFileName().toString());
    if (image == null) {
      image = at;
      Files.createDirectories(imageDir);
      if (!Files.exists(at)) {
        Files.createFile(at);
      }
    }
  }

  synchronized void wrote(long position, byte[] bytes) throws IOException {
    check();
    pending.add(new Op(position, bytes, -1));
  }

  synchronized void truncated(long size) throws IOException {
    check();
    pending.add(new Op(-1, null, size));
  }

  synchronized void forced() throws IOException {
    check();
    try (RandomAccessFile out = new RandomAccessFile(image.toFile(), "rw")) {
      for (Op op : pending) {
        if (op.bytes == null) {
          if (op.truncateTo < out.length()) {
            out.setLength(op.truncateTo);
          }
        } else {
          out.seek(op.position);
          out.write(op.bytes);
          forcedBytes += op.bytes.length;
        }
      }
    }
    pending.clear();
    forces++;
  }

  synchronized void check() throws IOException {
    if (cut) {
      throw new IOException("power cut: the machine is off");
    }
  }
}
