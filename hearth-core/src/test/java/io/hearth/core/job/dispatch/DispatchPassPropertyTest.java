package io.hearth.core.job.dispatch;

import static io.hearth.core.job.dispatch.Jobs.GI;
import static io.hearth.core.job.dispatch.Jobs.ME;
import static io.hearth.core.job.dispatch.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.dispatch.DispatchAction.Lock;
import io.hearth.core.job.dispatch.DispatchAction.Start;
import io.hearth.core.job.dispatch.QueuedJob.State;
import io.hearth.core.ledger.Resources;
import io.hearth.core.property.PropertyRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random queues and capacities: jobs in every state (queued; locked or running, by this dispatcher
 * or another), of random priorities (0 among them), sizes, lock counts, attempts, first-seen times
 * and run-time bounds; up to four nodes of the three classes with random free room, some of them
 * lost; sometimes a reservation left by an earlier pass. One pass must never start more than a node
 * has free, never lock or start a job of priority 0 or one that is not queued, start a job at most
 * once and only if it is queued (locking it first) or this dispatcher's, never start one it also
 * retries (so no job has two attempts running), and start only on an offered, not lost node of a
 * class the job may use. Then the model applies the actions (every start succeeds) and passes run
 * again on the room left: from the third pass on nothing changes, and no job this dispatcher locked
 * is ever unlocked (no lock cycling). QuickTheories runs 400 scenarios from one seed ({@link
 * PropertyRun}).
 */
class DispatchPassPropertyTest {
  private static final int[] PRIORITIES = {0, 1, 500, 1000};
  private static final int[] MAX_RUN = {0, 30, 120};
  private static final InstanceType[] TYPES = {Jobs.SMALL, Jobs.MEDIUM, Jobs.HUGE};
  private static final Instant NOW = T0.plusSeconds(200);
  private static final DispatchSettings SETTINGS = Jobs.settings(Duration.ofSeconds(100));

  sealed interface Item {}

  /** @param state 0 queued, 1 locked by me, 2 locked by another, 3 running mine, 4 running another's */
  record JobSpec(int state, int priority, int vcpus, int ramGi, int lockCount, int seen, int attempt, int maxRun,
      int node, boolean preemptible) implements Item {}

  record NodeSpec(int type, int freeCpuPercent, int freeRamPercent) implements Item {}

  record LostSpec(int node) implements Item {}

  record ReservedSpec(int job, int node) implements Item {}

  static Gen<List<Item>> scenarios() {
    Gen<Item> job = SourceDSL.lists().of(Generate.range(0, 9999)).ofSize(10).map(r -> new JobSpec(r.get(0) % 5,
        PRIORITIES[r.get(1) % 4], 1 + r.get(2) % 9, 1 + r.get(3) % 40, r.get(4) % 12, r.get(5) % 400,
        1 + r.get(6) % 3, MAX_RUN[r.get(7) % 3], r.get(8) % 5, r.get(9) % 5 == 0));
    Gen<Item> node = Generate.range(0, 2).zip(Generate.range(0, 100), Generate.range(0, 100), NodeSpec::new);
    Gen<Item> lost = Generate.range(0, 3).map(LostSpec::new);
    Gen<Item> reserved = Generate.range(0, 30).zip(Generate.range(0, 3), ReservedSpec::new);
    Gen<Item> item = Generate.frequency(List.of(Pair.of(12, job), Pair.of(4, node), Pair.of(1, lost),
        Pair.of(1, reserved)));
    return SourceDSL.lists().of(item).ofSizeBetween(1, 40);
  }

  /** The pass input the items describe. */
  static PassInput input(List<Item> items) {
    List<QueuedJob> jobs = new ArrayList<>();
    List<NodeOffer> nodes = new ArrayList<>();
    Set<String> lost = new HashSet<>();
    Optional<Reservation> reservation = Optional.empty();
    for (Item i : items) {
      switch (i) {
        case JobSpec j -> jobs.add(job("j" + jobs.size(), j));
        case NodeSpec n -> {
          if (nodes.size() < 4) {
            InstanceType t = TYPES[n.type()];
            Resources c = t.capacity();
            nodes.add(new NodeOffer("n" + nodes.size(), t.name(), c, new Resources(c.memoryBytes() / 100
                * n.freeRamPercent(), c.cpuMillis() * n.freeCpuPercent() / 100)));
          }
        }
        case LostSpec l -> lost.add("n" + l.node());
        case ReservedSpec r -> reservation = Optional.of(new Reservation("j" + r.job(), "n" + r.node(), T0));
      }
    }
    return new PassInput(jobs, nodes, lost, reservation);
  }

  private static QueuedJob job(String id, JobSpec j) {
    QueuedJob q = new QueuedJob(id, j.attempt(), 3, j.priority(), new Constraints(j.vcpus(), j.ramGi() * GI, 0, 0),
        j.preemptible(), Duration.ofSeconds(j.maxRun()), State.QUEUED, T0.plusSeconds(j.seen()), null, j.lockCount(),
        null, null);
    int count = j.lockCount();
    return switch (j.state()) {
      case 0 -> q;
      case 1 -> q.lockedBy(ME).withLockCount(count);
      case 2 -> q.lockedBy("d2").withLockCount(count);
      case 3 -> q.lockedBy(ME).withLockCount(count).runningOn("n" + j.node(), T0.plusSeconds(j.seen() / 2));
      default -> q.lockedBy("d2").withLockCount(count).runningOn("n" + j.node(), T0.plusSeconds(j.seen() / 2));
    };
  }

  @Test
  void aPassNeverOverfillsNeverLocksWhatItShouldNotAndNeverRunsTwoAttemptsAndRepeatedPassesSettle() {
    PropertyRun run = PropertyRun.of(DispatchPassPropertyTest.class);
    run.check(400, scenarios(), items -> {
      PassInput in = input(items);
      PassResult result = DispatchPass.run(in, NOW, SETTINGS);
      checkOnePass(in, result, run);
      settles(in, run);
    });
    run.assertReached("started", "kept locked", "unlocked", "reserved", "retried", "killed", "cancelled", "held");
  }

  private static void checkOnePass(PassInput in, PassResult result, PropertyRun run) {
    Map<String, QueuedJob> jobs = new HashMap<>();
    in.queue().forEach(j -> jobs.put(j.id(), j));
    Map<String, NodeOffer> offers = new HashMap<>();
    in.offers().forEach(o -> offers.put(o.nodeId(), o));
    Map<String, Resources> started = new HashMap<>();
    Map<String, List<DispatchAction>> byJob = new LinkedHashMap<>();
    for (DispatchAction a : result.actions()) {
      QueuedJob job = jobs.get(a.jobId());
      assertThat(job).as("%s names a job of the queue", a).isNotNull();
      List<DispatchAction> earlier = byJob.computeIfAbsent(a.jobId(), k -> new ArrayList<>());
      switch (a) {
        case Lock l -> {
          assertThat(job.priority()).as("locks %s of priority 0", job.id()).isPositive();
          assertThat(job.state()).as("locks %s", job).isEqualTo(State.QUEUED);
          assertThat(job.lockCount()).as("locks %s at the maximum dispatch attempts", job)
              .isLessThan(SETTINGS.maxDispatchAttempts());
          assertThat(earlier).as("a lock is the first action on %s", job.id()).isEmpty();
        }
        case Start s -> {
          assertThat(job.priority()).as("starts %s of priority 0", job.id()).isPositive();
          assertThat(job.state() == State.QUEUED ? earlier.equals(List.of(new Lock(job.id())))
              : job.state() == State.LOCKED && ME.equals(job.lockedBy()) && earlier.isEmpty())
              .as("starts %s (after %s): only a queued job just locked, or one locked by this dispatcher", job, earlier)
              .isTrue();
          assertThat(s.attempt()).isEqualTo(job.attempt());
          NodeOffer o = offers.get(s.nodeId());
          assertThat(o).as("starts on an offered node").isNotNull();
          assertThat(in.lostNodes()).as("starts on a lost node").doesNotContain(s.nodeId());
          TypeChoice choice = SETTINGS.chooser().choose(SETTINGS.classes(), job.need(), job.preemptible());
          assertThat(choice).isInstanceOfSatisfying(TypeChoice.Eligible.class, e -> assertThat(
              e.types().stream().map(InstanceType::name)).contains(o.instanceType()));
          assertThat(s.request()).isEqualTo(job.need().request(SETTINGS.chooser().overheadBytes()));
          started.merge(s.nodeId(), DispatchPass.charged(o, s.request()), Resources::plus);
          run.collect("started");
        }
        default -> {
          assertThat(earlier).as("%s is the only action on its job", a).isEmpty();
          run.collect(switch (a) {
            case DispatchAction.KeepLocked k -> "kept locked";
            case DispatchAction.Unlock u -> "unlocked";
            case DispatchAction.Retry r -> "retried";
            case DispatchAction.Kill k -> "killed";
            case DispatchAction.Cancel c -> "cancelled";
            default -> "held";
          });
          if (a instanceof DispatchAction.Retry || a instanceof DispatchAction.Kill) {
            assertThat(job.state()).isEqualTo(State.RUNNING);
            assertThat(job.lockedBy()).isEqualTo(ME);
          }
        }
      }
      earlier.add(a);
    }
    started.forEach((node, sum) -> assertThat(offers.get(node).free().covers(sum))
        .as("starts %s on %s, which has %s free", sum, node, offers.get(node).free()).isTrue());
    result.reservation().ifPresent(r -> {
      run.collect("reserved");
      assertThat(byJob.getOrDefault(r.jobId(), List.of())).noneMatch(a -> a instanceof Start);
      assertThat(offers).containsKey(r.nodeId());
    });
  }

  /** Applies passes on unchanged room: by the third nothing changes, and no lock of this dispatcher is undone. */
  private static void settles(PassInput in, PropertyRun run) {
    QueueModel model = new QueueModel(SETTINGS);
    in.offers().forEach(model::node);
    in.queue().forEach(model::add);
    model.lost = in.lostNodes();
    model.reservation = in.reservation();
    Set<String> lockedHere = new HashSet<>();
    for (int pass = 1; pass <= 4; pass++) {
      List<DispatchAction> actions = model.pass(NOW);
      for (DispatchAction a : actions) {
        if (a instanceof Lock) {
          lockedHere.add(a.jobId());
        }
        if (a instanceof DispatchAction.Unlock || a instanceof DispatchAction.Cancel) {
          assertThat(lockedHere).as("pass %d lets go of %s, locked in an earlier pass", pass, a.jobId())
              .doesNotContain(a.jobId());
        }
      }
      if (pass >= 3) {
        assertThat(actions).as("pass %d on unchanged room", pass).noneMatch(DispatchAction::changes);
      }
    }
  }
}
