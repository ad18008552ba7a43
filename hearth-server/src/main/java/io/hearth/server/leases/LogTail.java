package io.hearth.server.leases;

import io.hearth.core.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Copies an exec's log file to a reader: what it holds now, or, following, everything until the
 * exec has ended, reading the file again every poll interval of the node's clock. The runner has
 * written the whole log by the time it reports the exec's end, so one read after the end takes the
 * rest.
 */
final class LogTail {
  private static final int CHUNK = 64 * 1024;

  private LogTail() {}

  /**
   * @param running whether the exec still runs (or has not started yet)
   * @param stopped whether the node is closing: a follower then returns with what it has
   */
  static void copy(Path file, boolean follow, BooleanSupplier running, BooleanSupplier stopped, Clock clock,
      Duration poll, OutputStream out) throws IOException {
    long at = 0;
    while (true) {
      boolean ended = !running.getAsBoolean(); // read before the file: what follows the end is all there
      at = copyFrom(file, at, out);
      if (!follow || ended || stopped.getAsBoolean()) {
        out.flush();
        return;
      }
      out.flush();
      try {
        clock.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Copies the file from byte {@code from} to its current end; returns where it stopped. */
  private static long copyFrom(Path file, long from, OutputStream out) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= from) {
        return from;
      }
      ch.position(from);
      InputStream in = Channels.newInputStream(ch);
      byte[] buf = new byte[CHUNK];
      long left = size - from;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        left -= n;
      }
      return size - left;
    } catch (NoSuchFileException e) {
      return from; // not started yet: nothing written
    }
  }
}
