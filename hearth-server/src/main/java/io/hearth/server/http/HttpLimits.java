package io.hearth.server.http;

import io.hearth.core.time.Clock;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front's defences against clients that hold connections without using them (slowloris):
 * a request head must arrive whole within the header deadline ({@link HeaderDeadline}, swept every
 * {@link #SWEEP}), and one client address may hold at most so many connections at once; one more is
 * closed as soon as it opens. Jetty's idle timeout alone is reset by every byte, so a client sending
 * a header byte now and then would hold its connection forever.
 *
 * <p>State: the per-address counts are concurrent (opened and closed on Jetty's threads); the
 * deadline's marks belong to the sweeping task, one at a time on Jetty's scheduler.
 */
public final class HttpLimits implements Connection.Listener {
  private static final Logger log = LoggerFactory.getLogger(HttpLimits.class);
  /** How often heads in progress are looked at: the deadline is kept to within this. */
  static final Duration SWEEP = Duration.ofMillis(250);

  /**
   * @param headerTimeout        longest a request head may take from its first byte
   * @param maxConnectionsPerClient most connections one client address may hold open
   */
  public record Settings(Duration headerTimeout, int maxConnectionsPerClient) {
    public Settings {
      if (headerTimeout.isNegative() || headerTimeout.isZero() || maxConnectionsPerClient < 1) {
        throw new IllegalArgumentException("the header timeout and the connections per client must be positive");
      }
    }
  }

  private final Settings settings;
  private final ServerConnector connector;
  private final Clock clock;
  private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  /** The address each open connection was counted under (a closed socket no longer knows its peer). */
  private final ConcurrentHashMap<Connection, String> counted = new ConcurrentHashMap<>();
  private final HeaderDeadline<EndPoint> heads;
  private volatile boolean running = true;

  private HttpLimits(Settings settings, ServerConnector connector, Clock clock) {
    this.settings = settings;
    this.connector = connector;
    this.clock = clock;
    this.heads = new HeaderDeadline<>(settings.headerTimeout().toNanos());
  }

  /** Installs the limits on {@code connector}; call {@link #start} once it is started. */
  public static HttpLimits install(ServerConnector connector, Settings settings, Clock clock) {
    HttpLimits limits = new HttpLimits(settings, connector, clock);
    connector.addEventListener(limits);
    return limits;
  }

  /** Starts sweeping heads on the connector's scheduler. */
  public void start() {
    schedule(connector.getScheduler());
  }

  public void stop() {
    running = false;
  }

  private void schedule(Scheduler scheduler) {
    if (!running || !connector.isRunning()) {
      return; // the server stopped: so does the sweep
    }
    try {
      scheduler.schedule(() -> {
        try {
          sweep();
        } finally {
          schedule(scheduler);
        }
      }, SWEEP.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      running = false;
    }
  }

  private void sweep() {
    Set<EndPoint> reading = new HashSet<>();
    for (EndPoint e : connector.getConnectedEndPoints()) {
      if (e.getConnection() instanceof HttpConnection http && readingHead(http.getParser())) {
        reading.add(e);
      }
    }
    for (EndPoint late : heads.sweep(reading, clock.nanoTime())) {
      log.info("closing the connection from {}: its request head took longer than {} ms",
          late.getRemoteSocketAddress(), settings.headerTimeout().toMillis());
      late.close();
    }
  }

  /** Past the first byte of a request and not yet through its head. */
  private static boolean readingHead(HttpParser parser) {
    return !parser.isStart() && parser.inHeaderState();
  }

  @Override
  public void onOpened(Connection connection) {
    String client = client(connection.getEndPoint().getRemoteSocketAddress());
    counted.put(connection, client);
    int n = perClient.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
    if (n > settings.maxConnectionsPerClient()) {
      log.info("closing a connection from {}: it holds {} already (HEARTH_HTTP_MAX_CONNECTIONS_PER_CLIENT)",
          client, settings.maxConnectionsPerClient());
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    String client = counted.remove(connection);
    if (client == null) {
      return;
    }
    perClient.computeIfPresent(client, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  private static String client(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }
}
