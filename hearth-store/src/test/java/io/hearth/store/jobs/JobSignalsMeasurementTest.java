package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures on the local PostgreSQL: how soon a committed change reaches a listener, how soon a
 * second lock holder takes over after the first's session is cut, and what the notify trigger
 * costs an insert. Prints figures; asserts only that each sample completed. Run with {@code
 * -Dhearth.measure=true}.
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class JobSignalsMeasurementTest {
  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();
  private static final Instant T0 = Instant.parse("2024-05-06T09:00:00Z");

  private final Fixtures fx = new Fixtures();

  private JobRow job() {
    return JobRow.queued(fx.id(), "m", "busybox", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        Constraints.DEFAULT, Scheduling.DEFAULT, Map.of(), T0);
  }

  @Test
  void signalLatencyTakeoverAndTriggerCost() throws Exception {
    JdbcJobStore store = new JdbcJobStore(DB.database());
    int samples = 200;
    long[] latency = new long[samples];
    try (PgJobSignals signals = PgJobSignals.start(DB.config())) {
      Semaphore called = new Semaphore(0);
      long[] at = new long[1];
      signals.subscribe(() -> {
        at[0] = System.nanoTime();
        called.release();
      });
      for (int i = 0; i < samples; i++) {
        store.insert(job());
        long committed = System.nanoTime();
        assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        latency[i] = Math.max(0, at[0] - committed);
      }
    }
    print("commit to signal", latency);

    int rounds = 10;
    long[] takeover = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      try (PgDispatcherLock a = new PgDispatcherLock(DB.config()); PgDispatcherLock b = new PgDispatcherLock(DB.config())) {
        assertThat(a.tryHold()).isTrue();
        assertThat(b.tryHold()).isFalse();
        long cut = System.nanoTime();
        PgTestSessions.terminate(DB.config(), a.backendPid());
        while (!b.tryHold()) {
          Thread.sleep(5);
        }
        takeover[i] = System.nanoTime() - cut;
      }
    }
    print("session cut to the other's tryHold holding (polling every 5 ms)", takeover);

    int inserts = 1000;
    long with = 0;
    long without = 0;
    for (int round = 0; round < 3; round++) { // interleaved, so load on the machine falls on both alike
      with += timeInserts(store, inserts);
      trigger("DISABLE");
      without += timeInserts(store, inserts);
      trigger("ENABLE");
    }
    System.out.printf("%d single-row insert transactions: %.1f us each with the notify trigger, %.1f us without%n",
        3 * inserts, with / 1e3 / (3 * inserts), without / 1e3 / (3 * inserts));
  }

  private static void trigger(String how) {
    DB.database().run(c -> {
      try (Statement s = c.createStatement()) {
        return s.execute("ALTER TABLE jobs " + how + " TRIGGER jobs_notify");
      }
    });
  }

  private long timeInserts(JdbcJobStore store, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      store.insert(job());
    }
    return System.nanoTime() - start;
  }

  private static void print(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%s: median %.2f ms, p90 %.2f ms, max %.2f ms (%d samples)%n", what, s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.9)] / 1e6, s[s.length - 1] / 1e6, s.length);
  }
}
