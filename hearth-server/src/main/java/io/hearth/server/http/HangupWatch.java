package io.hearth.server.http;

import io.hearth.core.time.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices HTTP/1.1 clients that hang up while their call runs. Jetty reads nothing from a
 * connection while its handler runs, so a client's FIN goes unseen until the answer is written;
 * the kernel's TCP table sees it at once: the server's end of the connection moves to CLOSE_WAIT.
 * Connections watched for longer than {@link #GRACE} are looked up in {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} every {@link #PERIOD}; short calls, nearly all of them, cost one map put
 * and remove. Where the table cannot be read (not Linux), nothing is ever reported.
 *
 * <p>Owned by the node whose HTTP front uses it: {@link #start} starts its one virtual thread,
 * {@link #close} stops it. Threads: that thread scans; the map of watched connections is concurrent.
 */
public final class HangupWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HangupWatch.class);
  static final Duration GRACE = Duration.ofMillis(100);
  static final Duration PERIOD = Duration.ofMillis(200);
  private static final String CLOSE_WAIT = "08";
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /** Both ends of a TCP connection, the server's first. */
  record Connection(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {}

  private record Watch(CompletableFuture<Void> gone, long since) {}

  /** Ends a watch. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();
  private final List<Path> tables;
  private final Clock clock;
  private Thread scanner;
  private volatile boolean closed;

  /** A watch over the kernel's TCP tables, not started. */
  public HangupWatch(Clock clock) {
    this(TABLES, clock);
  }

  HangupWatch(List<Path> tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
  }

  /** Starts scanning every {@link #PERIOD} of the clock's time. */
  public synchronized HangupWatch start() {
    if (scanner == null && !closed) {
      scanner = Thread.ofVirtual().name("hearth-hangups").start(this::run);
    }
    return this;
  }

  /**
   * Completes {@code gone} if the client at {@code remote} hangs up on {@code local} before the
   * returned handle is closed.
   */
  public Handle watch(SocketAddress local, SocketAddress remote, CompletableFuture<Void> gone) {
    if (closed || !(local instanceof InetSocketAddress l) || !(remote instanceof InetSocketAddress r)
        || l.getAddress() == null || r.getAddress() == null) {
      return () -> {};
    }
    Connection key = new Connection(l.getAddress(), l.getPort(), r.getAddress(), r.getPort());
    watched.put(key, new Watch(gone, clock.nanoTime()));
    return () -> watched.remove(key);
  }

  private void run() {
    while (!closed) {
      try {
        clock.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
      long due = clock.nanoTime() - GRACE.toNanos();
      if (watched.values().stream().anyMatch(w -> w.since() <= due)) {
        scan();
      }
    }
  }

  /** Reads the TCP tables once and reports every watched connection whose client has hung up. */
  void scan() {
    for (Path table : tables) {
      try (BufferedReader in = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
        in.readLine(); // the column titles
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          hungUp(line).map(watched::remove).ifPresent(w -> w.gone().complete(null));
        }
      } catch (NoSuchFileException e) {
        // no IPv6, or not Linux
      } catch (IOException | RuntimeException e) {
        log.debug("reading {}", table, e);
      }
    }
  }

  /** The connection a line of the TCP table describes, if it is in CLOSE_WAIT. */
  static Optional<Connection> hungUp(String line) {
    String[] f = line.trim().split("\\s+", 5);
    if (f.length < 4 || !f[3].equals(CLOSE_WAIT)) {
      return Optional.empty();
    }
    int localColon = f[1].indexOf(':');
    int remoteColon = f[2].indexOf(':');
    try {
      return Optional.of(new Connection(address(f[1].substring(0, localColon)),
          Integer.parseInt(f[1].substring(localColon + 1), 16), address(f[2].substring(0, remoteColon)),
          Integer.parseInt(f[2].substring(remoteColon + 1), 16)));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * An address as the kernel prints it: 8 or 32 hex digits, in 32-bit words of the machine's byte
   * order. An IPv4-mapped IPv6 address becomes the IPv4 address, as Java reports it for sockets.
   */
  static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + i * 2;
        byte b = (byte) Integer.parseInt(hex, at, at + 2, 16);
        bytes[word * 4 + (little ? 3 - i : i)] = b;
      }
    }
    return InetAddress.getByAddress(bytes);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scanner != null) {
      scanner.interrupt();
    }
    watched.clear();
  }
}
