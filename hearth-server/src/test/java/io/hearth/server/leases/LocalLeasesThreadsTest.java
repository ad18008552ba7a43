package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.ok;
import static io.hearth.server.leases.LeaseFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.id.Ids;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.lease.FakeExecRunner;
import io.hearth.testkit.store.InMemoryLeaseStore;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalLeases on its own virtual threads (the public {@code start}), time still manual: starts,
 * kills and reclaims land in the background, and many callers at once never hold more than the
 * ledger has. Waits are for conditions, with a generous bound only so that a bug fails instead of hanging.
 */
class LocalLeasesThreadsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void execsStartAndAreKilledInTheBackgroundAndConcurrentCallersNeverOverbook() throws Exception {
    ManualClock clock = new ManualClock();
    Ledger ledger = new Ledger(LeaseFixture.CAPACITY);
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    FakeExecRunner runner = new FakeExecRunner(clock);
    try (LocalLeases leases = LocalLeases.start("n1", LeaseSettings.defaults(dir), ledger, store, runner,
        RoomMaker.NONE, () -> {}, clock, clock, new Ids(clock, new Random(3)))) {
      AllocRecord a = ok(leases.create(request(200, 10)));
      ExecRow x = ok(leases.exec(a.id(), LeaseFixture.execRequest("alpine", Optional.empty())));
      await("the exec started", () -> runner.launched(x.id()).isPresent());
      String c0 = runner.launched(x.id()).orElseThrow().containerId();

      int callers = 16;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            go.await();
            for (int k = 0; k < 20; k++) {
              if (leases.create(request(100, 60)) instanceof LeaseResult.Ok<AllocRecord> ok) {
                leases.keepalive(ok.value().id(), Duration.ofSeconds(30));
                leases.free(ok.value().id());
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      go.countDown();
      for (Thread t : threads) {
        assertThat(t.join(PATIENCE)).as("a caller finished").isTrue();
      }
      assertThat(ledger.grants()).as("only the first alloc holds a grant").hasSize(1);

      clock.advance(Duration.ofSeconds(11));
      Holder c = Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1");
      Reservation r = ledger.reserve(c, new Resources(900, 0), clock.instant());
      assertThat(leases.expiredLeases().makeRoom(((Reservation.Short) r).missing(), clock.instant())).isTrue();
      await("the reclaimed alloc's exec was killed", () -> runner.kills().contains(c0));
      await("the store has the exec killed",
          () -> store.get(a.id()).orElseThrow().execs().getFirst().state() == ExecState.KILLED);
      await("the store has the alloc reclaimed",
          () -> store.get(a.id()).orElseThrow().alloc().state() == AllocState.RECLAIMED);
      assertThat(ledger.reserve(c, new Resources(900, 0), clock.instant())).isInstanceOf(Reservation.Granted.class);
    }
  }
}
