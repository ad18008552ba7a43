package io.hearth.bench.floor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a container's {@code lsnr.sock} the way the agent does: an inotify watch on the socket
 * directory, registered before the container starts, and a re-check after every event (and every
 * few milliseconds in case one was missed); ready means a connection is accepted.
 */
final class SocketReady implements AutoCloseable {
  static final String LISTENER = "lsnr.sock";
  private static final long RECHECK_MILLIS = 5;

  private final Path dir;
  private final WatchService watch;

  /** Registers the watch; call before the container is created. */
  SocketReady(Path dir) throws IOException {
    this.dir = dir;
    this.watch = FileSystems.getDefault().newWatchService();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
  }

  /** The listener's path once it accepts a connection; throws when the time is up. */
  Path await(Duration timeout) throws IOException, InterruptedException {
    Path listener = dir.resolve(LISTENER);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Files.exists(listener) && accepts(listener)) {
        return listener;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("no listener at " + listener + " after " + timeout.toMillis() + " ms");
      }
      WatchKey key = watch.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MILLIS),
          TimeUnit.MILLISECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    }
  }

  private static boolean accepts(Path listener) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(listener));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
  }
}
