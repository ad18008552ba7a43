package io.hearth.server.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.client.LeaseKeeper;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.ledger.Resources;
import io.hearth.store.TestDatabase;
import io.hearth.store.jobs.JdbcJobStore;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures one dispatcher pass on PostgreSQL with {@value #JOBS} queued jobs of random priorities
 * and a node that holds one of them: the first pass starts it, and every pass after reads the
 * queue (up to the read bound), watches the running one and decides that nothing else fits. Prints
 * the median and worst of {@value #PASSES} passes; asserts only what ran. Run with {@code
 * -Dhearth.measure=true} ({@code -Dhearth.measure.jobs=N}).
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class JobShellMeasurementTest {
  static final int JOBS = Integer.getInteger("hearth.measure.jobs", 20_000);
  static final int PASSES = 20;

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @Test
  void aPassOverAFullQueue() {
    JdbcJobStore store = new JdbcJobStore(DB.database());
    ManualClock clock = new ManualClock();
    Resources cap = new Resources(1L << 30, 1000, Map.of(Resources.DISK, 100L << 30, Resources.GPU, 0L));
    FakeJobNodes nodes = new FakeJobNodes(clock).node("n1", NodeClasses.ALL_IN_ONE, cap);
    Random random = new Random(3);
    long insertStart = System.nanoTime();
    for (int i = 0; i < JOBS; i++) {
      store.insert(JobRow.queued("m" + i, null, "img", List.of("true"), Map.of(), Priority.of(1 + random.nextInt(1000)),
          new Constraints(1, 256L << 20, 0, 0), Scheduling.DEFAULT, Map.of(), clock.instant().plusMillis(i)));
    }
    System.out.printf("inserted %d jobs in %d ms%n", JOBS, (System.nanoTime() - insertStart) / 1_000_000);
    DispatcherSettings s = DispatcherSettings.defaults(
        DispatchSettings.defaults("hearth-dispatcher/m", NodeClasses.allInOne(cap), 0), 1 << 20);
    JobShell shell = new JobShell(s, store, nodes, clock,
        new LeaseKeeper.Wiring(nodes, clock, clock, Runnable::run, new Random(1)), Runnable::run, () -> { });
    long[] ms = new long[PASSES];
    for (int p = 0; p < PASSES; p++) {
      long t = System.nanoTime();
      shell.pass();
      ms[p] = (System.nanoTime() - t) / 1_000_000;
      clock.advance(Duration.ofSeconds(1));
    }
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf("pass over %d queued (read bound %d): first %d ms, median %d ms, max %d ms%n", JOBS,
        s.maxQueueRead(), ms[0], sorted[PASSES / 2], sorted[PASSES - 1]);
    assertThat(store.countByState().get(JobState.RUNNING)).isEqualTo(1);
    assertThat(store.countByState().get(JobState.LOCKED)).isZero();
  }
}
