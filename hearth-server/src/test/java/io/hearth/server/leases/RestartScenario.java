package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.ok;
import static io.hearth.server.leases.LeaseFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.store.leases.LeaseStore;
import io.hearth.testkit.lease.FakeExecRunner;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node restarts under its allocs: a second {@link LocalLeases} on the same store and engine adopts
 * the live alloc and its running exec, fails the exec whose container is gone, removes the
 * container of an alloc that is not live, and the lease runs on from its stored expiry. Run on each
 * store.
 */
final class RestartScenario {
  private RestartScenario() {}

  static void run(LeaseStore store, Path dir) {
    ManualClock clock = new ManualClock();
    FakeExecRunner engine = new FakeExecRunner(clock);
    LeaseFixture before = new LeaseFixture(clock, new Ledger(LeaseFixture.CAPACITY), store, engine, dir,
        LeaseSettings.defaults(dir));
    AllocRecord a = before.create(request(400, 60));
    AllocRecord freed = before.create(request(100, 60));
    ExecRow survives = ok(before.leases.exec(a.id(), new NodeLeases.ExecRequest("alpine", List.of("run"), Map.of(),
        Optional.of(new Resources(100, 0)), Optional.of(Duration.ofSeconds(100)), Map.of())));
    ExecRow lost = before.exec(a.id(), Optional.of(new Resources(100, 0)));
    ExecRow done = before.exec(a.id(), Optional.of(new Resources(100, 0)));
    engine.exit(before.container(done.id()), 0);
    ExecRow old = before.exec(freed.id(), Optional.empty());
    ok(before.leases.free(freed.id()));
    Instant expiresAt = before.get(a.id()).alloc().expiresAt();
    String survivor = before.container(survives.id());
    String oldContainer = before.container(old.id());
    before.leases.close();

    engine.restart(); // the Hearth process went away; the containers stay
    engine.remove(before.container(lost.id())); // one of them went too
    clock.advance(Duration.ofSeconds(30));
    int launchesBefore = engine.launches().size();
    LeaseFixture after = new LeaseFixture(clock, new Ledger(LeaseFixture.CAPACITY), store, engine, dir,
        LeaseSettings.defaults(dir));
    try {
      AllocRecord back = after.get(a.id());
      assertThat(back.alloc().state()).isEqualTo(AllocState.ACTIVE);
      assertThat(back.alloc().expiresAt()).isEqualTo(expiresAt);
      assertThat(after.leases.offer().orElseThrow().available().memoryBytes())
          .as("the adopted alloc holds its grant again").isEqualTo(1000 - 400);
      assertThat(engine.launches().subList(launchesBefore, engine.launches().size()))
          .extracting(FakeExecRunner.Launched::containerId).as("adopted").containsExactly(survivor);
      assertThat(engine.launched(survives.id()).orElseThrow().launch().resources()).as("with its share")
          .isEqualTo(new Resources(100, 0));
      assertThat(engine.launched(survives.id()).orElseThrow().launch().timeout())
          .as("and what is left of its timeout").contains(Duration.ofSeconds(70));
      assertThat(after.execRow(a.id(), survives.id()).state()).isEqualTo(ExecState.RUNNING);
      ExecRow gone = after.execRow(a.id(), lost.id());
      assertThat(gone.state()).isEqualTo(ExecState.FAILED);
      assertThat(gone.error()).isEqualTo("lost: its container is gone after the node restarted");
      assertThat(after.execRow(a.id(), done.id()).state()).isEqualTo(ExecState.SUCCEEDED);
      assertThat(engine.list()).extracting(io.hearth.core.lease.ExecRunner.ExecContainer::containerId)
          .as("the freed alloc's container removed; the live alloc's kept").contains(survivor)
          .doesNotContain(oldContainer);
      assertThat(after.get(freed.id()).alloc().state()).isEqualTo(AllocState.FREED);

      assertThat(after.exec(a.id(), Optional.empty()).resources())
          .as("the adopted exec's share is counted").containsEntry("memory_bytes", 300L);
      engine.exit(survivor, 0);
      assertThat(after.execRow(a.id(), survives.id()).state()).isEqualTo(ExecState.SUCCEEDED);

      clock.advance(Duration.ofSeconds(31));
      assertThat(after.get(a.id()).alloc().state()).as("the lease ran on from its stored expiry")
          .isEqualTo(AllocState.EXPIRED);
      ok(after.leases.keepalive(a.id(), Duration.ofSeconds(60)));
      assertThat(after.get(a.id()).alloc().state()).isEqualTo(AllocState.ACTIVE);

      assertThat(Files.isDirectory(dir.resolve("allocs").resolve(freed.id())))
          .as("an ended alloc's files stay readable through its retention").isTrue();
      clock.advance(Duration.ofMinutes(61));
      assertThat(Files.exists(dir.resolve("allocs").resolve(freed.id())))
          .as("and are collected after it, also when another run of the node ended it").isFalse();
    } finally {
      after.leases.close();
    }
  }
}
