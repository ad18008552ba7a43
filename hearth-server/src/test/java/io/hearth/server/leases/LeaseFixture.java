package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.id.Ids;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.server.leases.NodeLeases.AllocRequest;
import io.hearth.server.leases.NodeLeases.ExecRequest;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.LeaseStore;
import io.hearth.testkit.lease.FakeExecRunner;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** One node's leases on a manual clock, a fake runner and a given store, with blocking work run at once. */
final class LeaseFixture {
  static final Resources CAPACITY = new Resources(1000, 4000, Map.of(Resources.DISK, 10_000L, Resources.GPU, 2L));

  final ManualClock clock;
  final Ledger ledger;
  final LeaseStore store;
  final FakeExecRunner runner;
  final Path dataDir;
  final IdleRoom idle = new IdleRoom();
  final java.util.concurrent.atomic.AtomicInteger roomFreed = new java.util.concurrent.atomic.AtomicInteger();
  final LocalLeases leases;

  /** The pool's idle function containers, as a fake: it frees what a test put in it when asked. */
  static final class IdleRoom implements RoomMaker {
    final List<Resources> asked = new ArrayList<>();
    Runnable onAsk = () -> {};

    @Override
    public synchronized boolean makeRoom(Resources missing, java.time.Instant now) {
      asked.add(missing);
      onAsk.run();
      return true;
    }
  }

  LeaseFixture(ManualClock clock, Ledger ledger, LeaseStore store, FakeExecRunner runner, Path dataDir,
      LeaseSettings settings) {
    this.clock = clock;
    this.ledger = ledger;
    this.store = store;
    this.runner = runner;
    this.dataDir = dataDir;
    this.leases = LocalLeases.start("n1", settings, ledger, store, runner, idle, roomFreed::incrementAndGet, clock, clock,
        new Ids(clock, new Random(7)), Runnable::run);
  }

  LeaseFixture(LeaseStore store, Path dataDir) {
    this(new ManualClock(), new Ledger(CAPACITY), store, null, dataDir);
  }

  private LeaseFixture(ManualClock clock, Ledger ledger, LeaseStore store, FakeExecRunner runner, Path dataDir) {
    this(clock, ledger, store, runner == null ? new FakeExecRunner(clock) : runner, dataDir,
        LeaseSettings.defaults(dataDir));
  }

  static AllocRequest request(Resources r) {
    return new AllocRequest(Optional.empty(), r, "me", Map.of("job", "j1"), Optional.empty());
  }

  static AllocRequest request(long memory, long keepaliveSecs) {
    return new AllocRequest(Optional.empty(), new Resources(memory, 0), "me", Map.of(),
        Optional.of(Duration.ofSeconds(keepaliveSecs)));
  }

  static ExecRequest execRequest(String image, Optional<Resources> resources) {
    return new ExecRequest(image, List.of("run"), Map.of(), resources, Optional.empty(), Map.of("step", "1"));
  }

  AllocRecord create(AllocRequest r) {
    return ok(leases.create(r));
  }

  ExecRow exec(String allocId, Optional<Resources> resources) {
    return ok(leases.exec(allocId, execRequest("alpine", resources)));
  }

  ExecRow execRow(String allocId, String execId) {
    return ok(leases.getExec(allocId, execId));
  }

  /** The container the runner started (or adopted) exec {@code execId} in. */
  String container(String execId) {
    return runner.launched(execId).orElseThrow().containerId();
  }

  io.hearth.core.lease.ExecLaunch launch(String execId) {
    return runner.launched(execId).orElseThrow().launch();
  }

  AllocRecord get(String allocId) {
    return ok(leases.get(allocId));
  }

  static <T> T ok(LeaseResult<T> r) {
    assertThat(r).isInstanceOf(LeaseResult.Ok.class);
    return ((LeaseResult.Ok<T>) r).value();
  }

  static LeaseResult.Failed<?> failed(LeaseResult<?> r, LeaseResult.Failure failure) {
    assertThat(r).isInstanceOf(LeaseResult.Failed.class);
    LeaseResult.Failed<?> f = (LeaseResult.Failed<?>) r;
    assertThat(f.failure()).as(f.message()).isEqualTo(failure);
    return f;
  }
}
