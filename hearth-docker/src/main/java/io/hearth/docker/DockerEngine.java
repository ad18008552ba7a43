package io.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.time.Scheduler;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Docker Engine API over its unix socket: version negotiation, JSON exchanges bounded by a
 * watchdog, streamed exchanges, and engine errors turned into {@link DriverException}s a person can
 * act on. Thread-safe; build one per engine and share it.
 *
 * <p>State: the negotiated path prefix is written once under {@code negotiation} (a failed attempt
 * leaves it unset so the next call tries again); connections belong to the {@link ConnectionPool};
 * timers to the {@link Watchdog}.
 */
public final class DockerEngine implements AutoCloseable {
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
  /** A call the engine should answer at once; a hung engine must not hang its callers forever. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Largest JSON reply read into memory (container lists of a busy node stay far below). */
  private static final int MAX_REPLY = 64 * 1024 * 1024;

  private final Path socket;
  private final Duration callTimeout;
  private final ConnectionPool pool;
  private final Watchdog watchdog;
  private final ObjectMapper json = new ObjectMapper();
  private final ReentrantLock negotiation = new ReentrantLock();
  private volatile ApiVersion version;

  /**
   * An engine at {@code socket} whose I/O timeouts run on {@code scheduler} (the node's timer, which
   * the caller keeps and closes after this engine); nothing is sent until the first call.
   */
  public DockerEngine(Path socket, Duration callTimeout, Scheduler scheduler) {
    this(socket, callTimeout, Watchdog.on(scheduler));
  }

  /** An engine at {@code socket} with a timer thread of its own for its I/O timeouts, stopped by {@link #close}. */
  public DockerEngine(Path socket, Duration callTimeout) {
    this(socket, callTimeout, Watchdog.ownTimer());
  }

  public DockerEngine(Path socket) {
    this(socket, DEFAULT_TIMEOUT);
  }

  private DockerEngine(Path socket, Duration callTimeout, Watchdog watchdog) {
    this.socket = socket;
    this.callTimeout = callTimeout;
    this.pool = new ConnectionPool(socket);
    this.watchdog = watchdog;
  }

  /** The reply to a small exchange. */
  public record Reply(int status, byte[] body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public Path socket() {
    return socket;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public ObjectMapper json() {
    return json;
  }

  /** The API version spoken, negotiating it with {@code GET /_ping} the first time. */
  public String apiVersion() {
    return negotiated().toString();
  }

  /** Asks the engine whether it answers; throws {@code ENGINE_UNAVAILABLE} when it does not. */
  public void ping() {
    Reply r = exchange("GET", "/_ping", null, null, callTimeout, null);
    if (!r.ok()) {
      throw refused(r, "answer GET /_ping", Kind.ENGINE_UNAVAILABLE);
    }
  }

  private ApiVersion negotiated() {
    ApiVersion v = version;
    if (v != null) {
      return v;
    }
    negotiation.lock();
    try {
      if (version == null) {
        HttpHeaders[] head = new HttpHeaders[1];
        Reply r = exchange("GET", "/_ping", null, null, callTimeout, head);
        String offered = head[0] == null ? null : head[0].first("API-Version");
        if (!r.ok() || offered == null) {
          throw new DriverException(Kind.ENGINE_UNAVAILABLE, "Docker Engine on " + socket
              + " answered GET /_ping with HTTP " + r.status() + " and no API-Version; is this a Docker Engine?");
        }
        version = ApiVersion.negotiate(ApiVersion.parse(offered));
      }
      return version;
    } finally {
      negotiation.unlock();
    }
  }

  /** A versioned JSON exchange with the default timeout; {@code jsonBody} may be null. */
  public Reply call(String method, String path, Object jsonBody) {
    return call(method, path, jsonBody, callTimeout);
  }

  /** A versioned exchange; {@code path} is below the version prefix, e.g. {@code /containers/json}. */
  public Reply call(String method, String path, Object jsonBody, Duration timeout) {
    byte[] body = null;
    if (jsonBody != null) {
      try {
        body = jsonBody instanceof byte[] b ? b : json.writeValueAsBytes(jsonBody);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot write request body as JSON", e);
      }
    }
    return exchange(method, negotiated().pathPrefix() + path, body, "application/json", timeout, null);
  }

  /** Parses a reply's JSON body. */
  public JsonNode tree(Reply reply) {
    try {
      return json.readTree(reply.body());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "Docker Engine sent malformed JSON: " + abbreviate(reply.text()), e);
    }
  }

  private Reply exchange(String method, String target, byte[] body, String contentType, Duration timeout,
      HttpHeaders[] headOut) {
    for (int attempt = 0; ; attempt++) {
      ConnectionPool.Taken taken = take();
      UdsConnection c = taken.connection();
      boolean gotHead = false;
      try (Watchdog.Timer timer = watchdog.arm(timeout, c::abort)) {
        try {
          InputStream in = body == null ? null : new ByteArrayInputStream(body);
          UdsResponse r = c.send(head(method, target, body == null ? null : contentType), in,
              body == null ? 0 : body.length, HttpWire.DEFAULT_HEAD_LIMIT);
          gotHead = true;
          if (headOut != null) {
            headOut[0] = r.headers();
          }
          byte[] bytes = r.body().readNBytes(MAX_REPLY);
          boolean reusable = r.finish();
          timer.close();
          if (reusable && !timer.fired()) {
            pool.giveBack(c);
          } else {
            c.abort();
          }
          return new Reply(r.status(), bytes);
        } catch (IOException e) {
          c.abort();
          if (timer.fired()) {
            throw timedOut(method, target, timeout);
          }
          if (taken.reused() && !gotHead && attempt == 0) {
            continue; // the engine closed an idle kept-alive connection: try once on a new one
          }
          throw new DriverException(Kind.FAILED,
              "lost the connection to Docker Engine during " + method + " " + target + ": " + e, e);
        } catch (RuntimeException e) {
          c.abort();
          throw e;
        }
      }
    }
  }

  /**
   * Starts a versioned exchange whose response streams (pull and build progress, logs, events).
   * The watchdog bounds the whole exchange, body included; null or zero means no bound.
   *
   * @param body        request body or null
   * @param length      body length, or -1 to send it chunked
   * @param contentType body type, or null
   */
  public EngineStream stream(String method, String path, InputStream body, long length, String contentType,
      Duration timeout) {
    String target = negotiated().pathPrefix() + path;
    UdsConnection c;
    try {
      c = pool.open();
    } catch (IOException e) {
      throw unavailable(e);
    }
    Watchdog.Timer timer = watchdog.arm(timeout, c::abort);
    try {
      UdsResponse r = c.send(head(method, target, body == null ? null : contentType), body, length,
          HttpWire.DEFAULT_HEAD_LIMIT);
      return new EngineStream(this, c, r, timer, method + " " + target, timeout);
    } catch (RuntimeException e) {
      timer.close();
      c.abort();
      throw e;
    } catch (IOException e) {
      timer.close();
      c.abort();
      if (timer.fired()) {
        throw timedOut(method, target, timeout);
      }
      throw new DriverException(Kind.FAILED,
          "lost the connection to Docker Engine during " + method + " " + target + ": " + e, e);
    }
  }

  /**
   * Starts a versioned exchange that the engine upgrades to a raw stream ({@code Connection:
   * Upgrade}, {@code Upgrade: tcp}, as {@code docker attach} asks): a 101 reply's body is the raw
   * stream until the engine closes it. The watchdog bounds only the wait for the reply's head.
   */
  EngineStream upgrade(String method, String path, Duration headTimeout) {
    String target = negotiated().pathPrefix() + path;
    UdsConnection c;
    try {
      c = pool.open();
    } catch (IOException e) {
      throw unavailable(e);
    }
    Watchdog.Timer timer = watchdog.arm(headTimeout, c::abort);
    try {
      RequestHead head = head(method, target, null);
      head.headers().add("Connection", "Upgrade").add("Upgrade", "tcp");
      UdsResponse r = c.send(head, null, 0, HttpWire.DEFAULT_HEAD_LIMIT);
      timer.close();
      if (timer.fired()) {
        throw new IOException("timed out");
      }
      return new EngineStream(this, c, r, timer, method + " " + target, headTimeout);
    } catch (RuntimeException e) {
      timer.close();
      c.abort();
      throw e;
    } catch (IOException e) {
      timer.close();
      c.abort();
      if (timer.fired()) {
        throw timedOut(method, target, headTimeout);
      }
      throw new DriverException(Kind.FAILED,
          "lost the connection to Docker Engine during " + method + " " + target + ": " + e, e);
    }
  }

  void giveBack(UdsConnection c) {
    pool.giveBack(c);
  }

  private ConnectionPool.Taken take() {
    try {
      return pool.take();
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private static RequestHead head(String method, String target, String contentType) {
    HttpHeaders h = new HttpHeaders().add("Host", "docker").add("User-Agent", "hearth");
    if (contentType != null) {
      h.add("Content-Type", contentType);
    }
    return new RequestHead(method, target, h);
  }

  private DriverException unavailable(IOException e) {
    return new DriverException(Kind.ENGINE_UNAVAILABLE, "Docker Engine does not answer on " + socket
        + "; start it (scripts/docker-engine.sh) or point Hearth at the socket of a running engine ("
        + e.getMessage() + ")", e);
  }

  static DriverException timedOut(String method, String target, Duration timeout) {
    return new DriverException(Kind.ENGINE_UNAVAILABLE, "Docker Engine did not answer " + method + " " + target
        + " within " + timeout.toMillis() + " ms; check that dockerd is healthy (its log, `docker info`)",
        new TimeoutException(method + " " + target));
  }

  /** Whether the engine call failed because its watchdog timed it out. */
  public static boolean isTimeout(DriverException e) {
    return e.getCause() instanceof TimeoutException;
  }

  /**
   * The exception for a refused call: names what was attempted, the HTTP status and the engine's
   * own message (its JSON {@code message}).
   */
  public DriverException refused(Reply r, String attempted, Kind kind) {
    return new DriverException(kind, "Docker Engine could not " + attempted + ": " + message(r)
        + " (HTTP " + r.status() + ")");
  }

  /** The engine's {@code message} from an error reply, or its raw text. */
  public String message(Reply r) {
    try {
      JsonNode n = json.readTree(r.body());
      if (n != null && n.hasNonNull("message")) {
        return n.get("message").asText();
      }
    } catch (IOException ignored) {
      // not JSON: fall back to the raw text
    }
    String t = r.text().strip();
    return t.isEmpty() ? "no message" : abbreviate(t);
  }

  static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }

  @Override
  public void close() {
    pool.close();
    watchdog.close();
  }
}
