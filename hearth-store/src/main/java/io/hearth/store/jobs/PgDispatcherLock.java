package io.hearth.store.jobs;

import io.hearth.store.DatastoreConfig;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's {@link DispatcherLock} on PostgreSQL: the session advisory lock {@code
 * (}{@value #LOCK_CLASS}{@code , hash of the schema)} held on a {@link PgSession} of its own.
 * PostgreSQL releases it when that session ends — the process died, or its connection was cut —
 * and another api node's next {@link #tryHold} takes it. The second key is the schema's name
 * ({@link String#hashCode}, the same in every JVM), so clusters in different schemas of one
 * database each have a dispatcher. {@link #tryHold} checks a held lock's session with a trivial
 * query (bounded by {@link PgSession#SOCKET_TIMEOUT}) and, if the session is gone, connects again
 * and tries to take the lock anew; it never waits for it. The lock guards the session and {@code
 * held}.
 */
public final class PgDispatcherLock implements DispatcherLock {
  /** The advisory lock's first key: "HRTH" in ASCII, so it reads as Hearth's in {@code pg_locks}. */
  static final int LOCK_CLASS = 0x48525448;
  private static final Logger log = LoggerFactory.getLogger(PgDispatcherLock.class);

  private final DatastoreConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private PgSession session;
  private boolean held;
  private boolean closed;

  public PgDispatcherLock(DatastoreConfig config) {
    this.config = config;
  }

  @Override
  public boolean tryHold() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      if (session != null && !session.alive()) {
        if (held) {
          log.warn("Lost the dispatcher lock: its datastore session (backend {}) no longer answers",
              session.backendPid());
        }
        drop();
      }
      if (held) {
        return true;
      }
      if (session == null) {
        try {
          session = PgSession.open(config, "hearth-dispatcher-lock");
        } catch (SQLException e) {
          log.warn("Cannot connect to take the dispatcher lock: {}", e.getMessage());
          return false;
        }
      }
      try (PreparedStatement ps = session.connection().prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
        ps.setInt(1, LOCK_CLASS);
        ps.setInt(2, session.schema().hashCode());
        try (var r = ps.executeQuery()) {
          r.next();
          held = r.getBoolean(1);
        }
      } catch (SQLException e) {
        log.warn("Cannot take the dispatcher lock: {}", e.getMessage());
        drop();
        return false;
      }
      if (held) {
        log.info("This node holds the dispatcher lock (schema {}, backend {}): it dispatches jobs", session.schema(),
            session.backendPid());
      }
      return held;
    } finally {
      lock.unlock();
    }
  }

  /** The backend holding (or trying for) the lock, or -1 when there is no session; for tests. */
  int backendPid() {
    lock.lock();
    try {
      return session == null ? -1 : session.backendPid();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      drop(); // ending the session releases the lock
    } finally {
      lock.unlock();
    }
  }

  private void drop() {
    held = false;
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
