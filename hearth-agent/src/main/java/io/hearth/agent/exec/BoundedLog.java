package io.hearth.agent.exec;

import io.hearth.core.driver.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec's log file, written from the start (truncating what was there) with at most {@code
 * maxBytes} of its output; past that one line says where it was cut and the rest is dropped. Each
 * piece is written through at once (no buffer), so a reader following the file sees output live.
 * {@link #done} completes when the followed log ends.
 *
 * <p>Threads: the driver's follower thread writes; {@link #close} may come from any thread and
 * makes later pieces vanish. {@code this} guards the stream and the counts.
 */
final class BoundedLog implements LogSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BoundedLog.class);

  private final Path file;
  private final long maxBytes;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private OutputStream out;
  private long written;
  private boolean cut;
  private byte last = '\n';

  private BoundedLog(Path file, long maxBytes, OutputStream out) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.out = out;
  }

  /** Creates (or empties) the log file, and its directory when missing. */
  static BoundedLog open(Path file, long maxBytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new BoundedLog(file, maxBytes, out);
  }

  /** The line that ends a log cut at {@code maxBytes}. */
  static String marker(long maxBytes) {
    return "[hearth: the log was cut at " + maxBytes + " bytes; the rest of the output was dropped]\n";
  }

  @Override
  public synchronized void output(byte[] buffer, int offset, int length) {
    if (out == null || cut || length <= 0) {
      return;
    }
    long room = maxBytes - written;
    int keep = (int) Math.min(room, length);
    try {
      if (keep > 0) {
        out.write(buffer, offset, keep);
        written += keep;
        last = buffer[offset + keep - 1];
      }
      if (keep < length) {
        cut = true;
        out.write(((last == '\n' ? "" : "\n") + marker(maxBytes)).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      log.warn("cannot write the exec log {}: {}; its further output is dropped", file, e.getMessage());
      closeQuietly();
    }
  }

  @Override
  public void ended(Exception failure) {
    if (failure != null) {
      log.warn("following the output into {} broke: {}", file, failure.getMessage());
    }
    done.complete(null);
  }

  /** Completes once the followed log ended (or the log was closed). */
  CompletableFuture<Void> done() {
    return done;
  }

  /** Bytes of output written (the marker not counted). */
  synchronized long written() {
    return written;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
    done.complete(null);
  }

  private void closeQuietly() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      log.warn("cannot close the exec log {}: {}", file, e.getMessage());
    }
    out = null;
  }
}
