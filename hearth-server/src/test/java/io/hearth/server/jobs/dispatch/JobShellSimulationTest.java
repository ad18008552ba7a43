package io.hearth.server.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.client.Alloc;
import io.hearth.client.Exec;
import io.hearth.client.LeaseKeeper;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.ledger.Resources;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell under random faults on the manual clock, seeded: 40 jobs of random sizes and
 * priorities on two nodes, container starts failing a tenth of the time, allocs vanishing (a lost
 * node) now and then, containers exiting at random, users cancelling a few, and once the
 * dispatcher replaced by a new one (a restart). After every pass: no job has two containers
 * running, and no attempt's container was started twice. At the end (bounded: 2,000 passes) every
 * job is final and no alloc is left.
 */
class JobShellSimulationTest {
  static final Resources CAP = new Resources(4L << 30, 4000, Map.of(Resources.DISK, 100L << 30, Resources.GPU, 0L));
  static final int JOBS = 40;
  static final int MAX_PASSES = 2000;
  /** Early: with this much room the 40 jobs are done in some tens of passes. */
  static final int RESTART_AT = 8;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyJobEndsOnceWithNeverTwoContainersOfOneJob(long seed) {
    Random random = new Random(seed);
    ManualClock clock = new ManualClock();
    InMemoryJobStore store = new InMemoryJobStore();
    FakeJobNodes nodes = new FakeJobNodes(clock).node("n1", NodeClasses.ALL_IN_ONE, CAP)
        .node("n2", NodeClasses.ALL_IN_ONE, CAP);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      JobRow j = JobRow.queued("s" + i, null, "img", List.of("true"), Map.of(), Priority.of(1 + random.nextInt(1000)),
          new Constraints(1 + random.nextInt(3), (128L + random.nextInt(1024)) << 20, 0, 0), Scheduling.DEFAULT,
          Map.of(), clock.instant());
      store.insert(j);
      ids.add(j.id());
    }
    JobShell shell = shell("hearth-dispatcher/a", store, nodes, clock);
    int passes = 0;
    while (passes < MAX_PASSES && !ids.stream().allMatch(id -> store.get(id).orElseThrow().state().isFinal())) {
      faults(random, nodes, store, ids, clock);
      if (passes == RESTART_AT) {
        shell.close(); // a restart: the next dispatcher re-adopts what runs
        shell = shell("hearth-dispatcher/b", store, nodes, clock);
      }
      shell.pass();
      passes++;
      clock.advance(Duration.ofSeconds(1));
      assertNeverTwoRunning(nodes, ids);
    }
    shell.pass(); // the last ends are finished and their allocs freed
    int ran = passes;
    assertThat(ids).allSatisfy(id -> assertThat(store.get(id).orElseThrow().state().isFinal())
        .as("job %s final after %d passes (seed %d)", id, ran, seed).isTrue());
    assertThat(nodes.live()).as("no alloc left").isEmpty();
    assertThat(passes).as("the restart happened mid-run").isGreaterThan(RESTART_AT);
    long complete = ids.stream().filter(id -> store.get(id).orElseThrow().state() == JobState.COMPLETE).count();
    assertThat(complete).as("most jobs complete").isGreaterThan(JOBS / 2);
    assertThat(ids).as("some ran more than one attempt (lost allocs)")
        .anySatisfy(id -> assertThat(store.attempts(id)).hasSizeGreaterThan(1));
    for (String id : ids) {
      for (int attempt = 1; attempt <= store.get(id).orElseThrow().attempt(); attempt++) {
        assertThat(nodes.starts(id, attempt)).as("starts of attempt %d of %s", attempt, id).isLessThanOrEqualTo(1);
      }
    }
  }

  private static JobShell shell(String name, InMemoryJobStore store, FakeJobNodes nodes, ManualClock clock) {
    DispatcherSettings s = DispatcherSettings.defaults(
        DispatchSettings.defaults(name, NodeClasses.allInOne(CAP), 0), 1 << 20);
    return new JobShell(s, store, nodes, clock, new LeaseKeeper.Wiring(nodes, clock, clock, Runnable::run,
        new Random(1)), Runnable::run, () -> { });
  }

  private static void faults(Random random, FakeJobNodes nodes, InMemoryJobStore store, List<String> ids,
      ManualClock clock) {
    nodes.failNextExecStart = random.nextInt(10) == 0;
    for (Alloc a : nodes.allocs().items()) {
      Exec e = a.execs().isEmpty() ? null : nodes.execOf(a.id());
      int roll = random.nextInt(100);
      if (roll < 2) {
        nodes.vanish(a.id());
      } else if (e != null && !e.state().finished() && roll < 25) {
        nodes.exit(e.id(), random.nextInt(4) == 0 ? 1 : 0);
      }
    }
    if (random.nextInt(50) == 0) {
      store.cancel(ids.get(random.nextInt(ids.size())), "cancelled by a user", clock.instant());
    }
  }

  private static void assertNeverTwoRunning(FakeJobNodes nodes, List<String> ids) {
    Map<String, Integer> running = new HashMap<>();
    for (Alloc a : nodes.allocs().items()) {
      for (Exec e : a.execs()) {
        if (!nodes.execOf(a.id()).state().finished()) {
          running.merge(e.labels().getOrDefault(JobViews.JOB_LABEL, "?"), 1, Integer::sum);
        }
      }
    }
    assertThat(running.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
  }
}
