package io.hearth.store.jobs;

import static io.hearth.store.jobs.PostgresJobSignalsTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher lock on the local PostgreSQL (skipped when it is not reachable): two holders in
 * one JVM, each on a session of its own, as two api nodes would be. The schema is this test's, so
 * the lock is too (its second key is the schema's).
 */
class PostgresDispatcherLockTest {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @Test
  void onlyOneHoldsAndTheOtherTakesOverWhenItCloses() throws Exception {
    try (PgDispatcherLock a = new PgDispatcherLock(DB.config()); PgDispatcherLock b = new PgDispatcherLock(DB.config())) {
      assertThat(a.tryHold()).isTrue();
      assertThat(b.tryHold()).isFalse();
      assertThat(a.tryHold()).as("a holder keeps it").isTrue();
      assertThat(b.tryHold()).isFalse();
      a.close();
      assertThat(eventually(b::tryHold)).isTrue();
      assertThat(a.tryHold()).as("a closed lock is never held again").isFalse();
    }
  }

  @Test
  void whenTheHoldersSessionIsCutTheOtherTakesItAndTheFormerHolderKnows() throws Exception {
    try (PgDispatcherLock a = new PgDispatcherLock(DB.config()); PgDispatcherLock b = new PgDispatcherLock(DB.config())) {
      assertThat(a.tryHold()).isTrue();
      assertThat(b.tryHold()).isFalse();
      PgTestSessions.terminate(DB.config(), a.backendPid());
      assertThat(eventually(b::tryHold)).as("b takes over once a's session is gone").isTrue();
      assertThat(a.tryHold()).as("a finds its session gone and cannot take the lock back").isFalse();
      assertThat(b.tryHold()).isTrue();
    }
  }

  @Test
  void theLockIsAnAdvisoryLockOfThisSchemaOnTheHoldersSession() throws Exception {
    try (PgDispatcherLock here = new PgDispatcherLock(DB.config())) {
      assertThat(here.tryHold()).isTrue();
      assertThat(countAdvisoryLocksHeld(here)).isEqualTo(1);
    }
  }

  @Test
  void theLockSessionAsksTheServerToProbeASilentPeerWithinSeconds() throws Exception {
    try (PgSession s = PgSession.open(DB.config(), "hearth-test");
        var st = s.connection().createStatement();
        var r = st.executeQuery("SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_count')")) {
      r.next();
      assertThat(r.getString(1)).isEqualTo(Integer.toString(PgSession.KEEPALIVE_IDLE_SECS));
      assertThat(r.getString(2)).isEqualTo(Integer.toString(PgSession.KEEPALIVE_COUNT));
    }
  }

  /** How many Hearth dispatcher locks of this schema the server lists as granted. */
  private static long countAdvisoryLocksHeld(PgDispatcherLock lock) throws Exception {
    try (PgSession s = PgSession.open(DB.config(), "hearth-test-admin");
        var ps = s.connection().prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
            + " AND classid::bigint = ? AND objid::bigint = ? AND granted AND pid = ?")) {
      ps.setLong(1, Integer.toUnsignedLong(PgDispatcherLock.LOCK_CLASS));
      ps.setLong(2, Integer.toUnsignedLong(s.schema().hashCode()));
      ps.setInt(3, lock.backendPid());
      try (var r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
