package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.lease.FakeExecRunner;
import io.hearth.testkit.store.InMemoryLeaseStore;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLeasesRestartTest {
  @TempDir
  Path dir;

  @Test
  void aRestartedNodeReadoptsItsAllocsAndRunningExecs() {
    RestartScenario.run(new InMemoryLeaseStore(), dir);
  }

  @Test
  void anAllocTheRestartedNodeCannotHoldIsRecordedEndedAndItsExecsKilled() {
    ManualClock clock = new ManualClock();
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    FakeExecRunner engine = new FakeExecRunner(clock);
    LeaseFixture before = new LeaseFixture(clock, new Ledger(LeaseFixture.CAPACITY), store, engine, dir,
        LeaseSettings.defaults(dir));
    AllocRecord a = before.create(request(400, 60));
    ExecRow x = before.exec(a.id(), Optional.empty());
    String c = before.container(x.id());
    before.leases.close();

    engine.restart();
    LeaseFixture after = new LeaseFixture(clock, new Ledger(new Resources(300, 0)), store, engine, dir,
        LeaseSettings.defaults(dir));
    try {
      AllocRecord ended = after.get(a.id());
      assertThat(ended.alloc().state()).as("its lease still ran, so the store takes it as freed")
          .isEqualTo(AllocState.FREED);
      ExecRow killed = after.execRow(a.id(), x.id());
      assertThat(killed.state()).isEqualTo(ExecState.KILLED);
      assertThat(killed.error()).contains("could not be held again after the node restarted");
      assertThat(engine.kills()).contains(c);
      assertThat(engine.list()).as("its container removed").isEmpty();
      assertThat(after.ledger.grants()).isEmpty();
    } finally {
      after.leases.close();
    }
  }
}
