package io.hearth.store.jobs;

import io.hearth.store.DatastoreConfig;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's {@link JobSignals} on PostgreSQL: {@code LISTEN hearth_jobs} on a {@link PgSession}
 * of its own, answered by the trigger of migration {@code V6_1__job_signals}, which notifies in the
 * transaction of every change to {@code jobs} (with the schema as payload; notifications of other
 * schemas are ignored). One thread waits for notifications ({@link PGConnection#getNotifications(int)}
 * with a timeout of {@link #POLL}), checks every {@link #CHECK} that the session still answers, and
 * on any failure connects again every {@link #RETRY}; once listening again it signals once, since
 * changes made while it was away sent it nothing. Every batch of notifications is one fire, and
 * {@link SignalFanout} coalesces further. The listener thread owns the session.
 */
public final class PgJobSignals implements JobSignals {
  static final String CHANNEL = "hearth_jobs";
  /** Longest wait in one read for notifications: also how soon closing is noticed. */
  static final Duration POLL = Duration.ofMillis(500);
  /** How often a quiet session is checked: a cut connection is found within this plus the socket timeout. */
  static final Duration CHECK = Duration.ofSeconds(3);
  /** Pause between attempts to connect again. */
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(PgJobSignals.class);

  private final DatastoreConfig config;
  private final SignalFanout fanout = new SignalFanout(Thread.ofVirtual().name("hearth-job-signals").factory());
  private final CountDownLatch firstTry = new CountDownLatch(1);
  private final AtomicLong received = new AtomicLong();
  private final Thread listener;
  private volatile boolean closed;
  private volatile int backendPid = -1;

  private PgJobSignals(DatastoreConfig config) {
    this.config = config;
    this.listener = Thread.ofVirtual().name("hearth-job-listen").unstarted(this::run);
  }

  /**
   * Starts listening, waiting up to the datastore's connect timeout for the first {@code LISTEN}
   * (so a change committed after this returns is signalled); if the datastore cannot be reached it
   * keeps trying in the background and signals once when it is.
   */
  public static PgJobSignals start(DatastoreConfig config) {
    PgJobSignals s = new PgJobSignals(config);
    s.listener.start();
    try {
      s.firstTry.await(config.connectTimeout().toMillis() + PgSession.SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return s;
  }

  @Override
  public AutoCloseable subscribe(Runnable onChange) {
    return fanout.subscribe(onChange);
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.join(POLL.toMillis() + PgSession.SOCKET_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fanout.close();
  }

  /** Notifications of this schema received so far; for tests. */
  long received() {
    return received.get();
  }

  /** The backend of the listening session, or -1 while there is none; for tests. */
  int backendPid() {
    return backendPid;
  }

  private void run() {
    boolean again = false;
    boolean warned = false;
    while (!closed) {
      PgSession session;
      try {
        session = PgSession.open(config, "hearth-job-signals");
        try (Statement st = session.connection().createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
          session.close();
          throw e;
        }
      } catch (SQLException e) {
        firstTry.countDown();
        if (!warned) {
          log.warn("Cannot listen for job changes (trying again every {}s): {}", RETRY.toSeconds(), e.getMessage());
          warned = true;
        }
        pause();
        continue;
      }
      backendPid = session.backendPid();
      firstTry.countDown();
      if (again || warned) {
        log.info("Listening for job changes again");
        fanout.fire(); // what changed while nobody listened sent nothing: read the queue again
      }
      again = true;
      warned = false;
      try {
        listen(session);
      } catch (SQLException e) {
        if (!closed) {
          log.warn("Lost the job changes listener's session (backend {}): {}", session.backendPid(), e.getMessage());
        }
      } finally {
        backendPid = -1;
        session.close();
      }
    }
  }

  private void listen(PgSession session) throws SQLException {
    PGConnection pg = session.connection().unwrap(PGConnection.class);
    long checked = System.nanoTime();
    while (!closed) {
      PGNotification[] batch = pg.getNotifications((int) POLL.toMillis());
      boolean ours = false;
      if (batch != null) {
        for (PGNotification n : batch) {
          if (CHANNEL.equals(n.getName()) && session.schema().equals(n.getParameter())) {
            received.incrementAndGet();
            ours = true;
          }
        }
      }
      if (ours) {
        fanout.fire();
      }
      if (System.nanoTime() - checked > CHECK.toNanos()) {
        if (!session.alive()) {
          throw new SQLException("the session no longer answers");
        }
        checked = System.nanoTime();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }
}
