package io.hearth.store.jobs;

import io.hearth.store.DatastoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A PostgreSQL connection of its own, outside the pool, for what lives as long as a session does:
 * a {@code LISTEN} and an advisory lock. Every read on it is bounded by {@link #SOCKET_TIMEOUT}, so
 * a database that went silent shows as an error, not a hang. Not thread-safe: one owner.
 */
final class PgSession implements AutoCloseable {
  /** Longest wait for any answer on the session; a cheap query answers in milliseconds. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
  /** Server-side keepalive probes of the session: a silent peer is dropped within about 11 s. */
  static final int KEEPALIVE_IDLE_SECS = 5;
  static final int KEEPALIVE_INTERVAL_SECS = 2;
  static final int KEEPALIVE_COUNT = 3;

  private final Connection connection;
  private final int backendPid;
  private final String schema;

  private PgSession(Connection connection, int backendPid, String schema) {
    this.connection = connection;
    this.backendPid = backendPid;
    this.schema = schema;
  }

  /** Connects as {@code config} says, named {@code application} in {@code pg_stat_activity}. */
  static PgSession open(DatastoreConfig config, String application) throws SQLException {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty("user", config.user());
    }
    if (config.password() != null) {
      p.setProperty("password", config.password());
    }
    long connect = Math.max(1, config.connectTimeout().toSeconds());
    p.setProperty("connectTimeout", Long.toString(connect));
    p.setProperty("loginTimeout", Long.toString(connect));
    p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    p.setProperty("tcpKeepAlive", "true");
    // The server's side too: a holder whose host vanished (no FIN) loses its session, and so the
    // dispatcher lock, after about idle + interval x count seconds, not the kernel's default of hours.
    p.setProperty("options", "-c tcp_keepalives_idle=" + KEEPALIVE_IDLE_SECS + " -c tcp_keepalives_interval="
        + KEEPALIVE_INTERVAL_SECS + " -c tcp_keepalives_count=" + KEEPALIVE_COUNT);
    p.setProperty("ApplicationName", application);
    Connection c = DriverManager.getConnection(config.url(), p);
    try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT pg_backend_pid(), current_schema()")) {
      r.next();
      return new PgSession(c, r.getInt(1), r.getString(2));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  Connection connection() {
    return connection;
  }

  /** The server process serving this session. */
  int backendPid() {
    return backendPid;
  }

  /** The schema the session's tables are in (its {@code currentSchema}). */
  String schema() {
    return schema;
  }

  /** Whether the session still answers a trivial query (within the socket timeout). */
  boolean alive() {
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the session is gone either way
    }
  }
}
