package io.hearth.server.leases;

import static io.hearth.server.leases.LeaseFixture.failed;
import static io.hearth.server.leases.LeaseFixture.ok;
import static io.hearth.server.leases.LeaseFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.server.leases.NodeLeases.AllocRequest;
import io.hearth.server.leases.NodeLeases.Granted;
import io.hearth.server.leases.NodeLeases.Offer;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.store.InMemoryLeaseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLeasesTest {
  @TempDir
  Path dir;

  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private LeaseFixture f;

  private LeaseFixture node() {
    f = new LeaseFixture(store, dir);
    return f;
  }

  @AfterEach
  void close() {
    if (f != null) {
      f.leases.close();
    }
  }

  private Instant t0() {
    return f.clock.instant();
  }

  @Test
  void anAllocIsNamedByItsNodeAndItsFirstLeaseLastsTwoMinutes() {
    node();
    AllocRecord a = f.create(request(new Resources(100, 500)));
    assertThat(a.id()).startsWith("n1.");
    assertThat(a.alloc().nodeId()).isEqualTo("n1");
    assertThat(a.alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(a.alloc().expiresAt()).isEqualTo(t0().plusSeconds(120));
    assertThat(a.alloc().resources()).containsEntry("memory_bytes", 100L).containsEntry("cpu_mcpus", 500L);
    assertThat(store.get(a.id())).as("written through").isPresent();
    assertThat(Files.isDirectory(dir.resolve("allocs").resolve(a.id()).resolve("scratch"))).isTrue();
  }

  @Test
  void leasesAndKeepalivesAreClampedToFiveMinutes() {
    node();
    AllocRecord a = f.create(request(100, 900));
    assertThat(a.alloc().expiresAt()).isEqualTo(t0().plusSeconds(300));
    f.clock.advance(Duration.ofSeconds(10));
    Granted g = ok(f.leases.keepalive(a.id(), Duration.ofMinutes(30)));
    assertThat(g.granted()).isEqualTo(Duration.ofMinutes(5));
    assertThat(g.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(300));
    assertThat(store.get(a.id()).orElseThrow().alloc().expiresAt()).isEqualTo(g.expiresAt());
    failed(f.leases.keepalive(a.id(), Duration.ofMillis(500)), Failure.INVALID);
    assertThat(f.leases.stats().keepalives()).isEqualTo(1);
  }

  @Test
  void theOfferIsCapacityMinusFunctionGrantsMinusUnexpiredLeases() {
    node();
    Reservation r = f.ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1"), new Resources(200, 1000), t0());
    assertThat(r).isInstanceOf(Reservation.Granted.class);
    f.create(request(300, 30));
    f.create(request(100, 60));
    Offer o = f.leases.offer().orElseThrow();
    assertThat(o.nodeId()).isEqualTo("n1");
    assertThat(o.capacity()).isEqualTo(LeaseFixture.CAPACITY);
    assertThat(o.available().memoryBytes()).isEqualTo(1000 - 200 - 300 - 100);
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.leases.offer().orElseThrow().available().memoryBytes())
        .as("an expired lease's room is on offer").isEqualTo(1000 - 200 - 100);
    assertThat(f.get(f.leases.list(AllocQuery.first(null, 10)).items().getLast().id()).alloc().state())
        .as("the first alloc reads expired").isEqualTo(AllocState.EXPIRED);
  }

  @Test
  void thereIsNoOfferWithoutFreeMemoryOrCpu() {
    node();
    f.create(request(new Resources(500, 4000)));
    assertThat(f.leases.offer()).as("no CPU free").isEmpty();
  }

  @Test
  void aLateKeepaliveRevivesAnExpiredAlloc() {
    node();
    AllocRecord a = f.create(request(100, 30));
    f.clock.advance(Duration.ofSeconds(45));
    assertThat(f.get(a.id()).alloc().state()).isEqualTo(AllocState.EXPIRED);
    assertThat(store.get(a.id()).orElseThrow().alloc().state()).as("marked by the expiry sweep")
        .isEqualTo(AllocState.EXPIRED);
    ok(f.leases.keepalive(a.id(), Duration.ofSeconds(60)));
    assertThat(f.get(a.id()).alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(store.get(a.id()).orElseThrow().alloc().state()).isEqualTo(AllocState.ACTIVE);
  }

  @Test
  void aNewAllocReclaimsTheMostExpiredFirstAndOnlyAsManyAsNeeded() {
    node();
    AllocRecord older = f.create(request(400, 10));
    AllocRecord old = f.create(request(400, 20));
    AllocRecord active = f.create(request(200, 300));
    String x1 = f.exec(older.id(), Optional.empty()).id();
    String x2 = f.exec(old.id(), Optional.empty()).id();
    f.clock.advance(Duration.ofSeconds(30));
    AllocRecord fresh = f.create(request(300, 60));
    assertThat(fresh.alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(f.get(older.id()).alloc().state()).isEqualTo(AllocState.RECLAIMED);
    assertThat(f.get(old.id()).alloc().state()).as("one was enough").isEqualTo(AllocState.EXPIRED);
    assertThat(f.get(active.id()).alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(f.execRow(older.id(), x1).state()).isEqualTo(ExecState.KILLED);
    assertThat(f.execRow(older.id(), x1).error()).contains("reclaimed");
    assertThat(f.execRow(old.id(), x2).state()).isEqualTo(ExecState.RUNNING);
    assertThat(store.get(older.id()).orElseThrow().alloc().state()).isEqualTo(AllocState.RECLAIMED);
    LeaseResult.Failed<?> gone = failed(f.leases.keepalive(older.id(), Duration.ofSeconds(60)), Failure.GONE);
    assertThat(gone.message()).startsWith("alloc expired: " + older.id() + " was reclaimed at");
    failed(f.leases.exec(older.id(), LeaseFixture.execRequest("alpine", Optional.empty())), Failure.GONE);
    assertThat(f.leases.stats().reclaims()).isEqualTo(1);
    assertThat(f.leases.stats().allocsByState()).containsEntry("reclaimed", 1L).containsEntry("expired", 1L)
        .containsEntry("active", 2L);
  }

  @Test
  void thePoolsRoomMakerReclaimsExpiredAllocsForAFunctionContainer() {
    node();
    AllocRecord a = f.create(request(600, 10));
    AllocRecord b = f.create(request(300, 20));
    String x = f.exec(a.id(), Optional.empty()).id();
    f.clock.advance(Duration.ofSeconds(25));
    Holder c = Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1");
    Reservation r = f.ledger.reserve(c, new Resources(500, 0), f.clock.instant());
    assertThat(r).isInstanceOf(Reservation.Short.class);
    assertThat(f.leases.expiredLeases().makeRoom(((Reservation.Short) r).missing(), f.clock.instant())).isTrue();
    assertThat(f.ledger.reserve(c, new Resources(500, 0), f.clock.instant())).isInstanceOf(Reservation.Granted.class);
    assertThat(f.get(a.id()).alloc().state()).isEqualTo(AllocState.RECLAIMED);
    assertThat(f.get(b.id()).alloc().state()).isEqualTo(AllocState.EXPIRED);
    assertThat(f.execRow(a.id(), x).state()).isEqualTo(ExecState.KILLED);
    failed(f.leases.keepalive(a.id(), Duration.ofSeconds(60)), Failure.GONE);
    assertThat(f.leases.expiredLeases().makeRoom(new Resources(5000, 0), f.clock.instant()))
        .as("nothing reclaimed for what it cannot cover").isFalse();
    assertThat(f.get(b.id()).alloc().state()).isEqualTo(AllocState.EXPIRED);
  }

  @Test
  void anAcceptOnAStaleOfferIsRefusedAsExpired() {
    node();
    Offer first = f.leases.offer().orElseThrow();
    AllocRecord a = f.create(withOffer(first.id(), 100));
    Offer second = f.leases.offer().orElseThrow();
    assertThat(second.id()).isNotEqualTo(first.id()).startsWith("n1.");
    LeaseResult.Failed<?> stale = failed(f.leases.create(withOffer(first.id(), 100)), Failure.OFFER_EXPIRED);
    assertThat(stale.message()).startsWith("offer expired: ");
    failed(f.leases.create(withOffer("n2." + second.id().substring(3), 100)), Failure.OFFER_EXPIRED);
    f.ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1"), new Resources(850, 0), f.clock.instant());
    assertThat(f.leases.offer().orElseThrow().id()).as("function containers do not change the generation")
        .isEqualTo(second.id());
    LeaseResult.Failed<?> changed = failed(f.leases.create(withOffer(second.id(), 100)), Failure.OFFER_EXPIRED);
    assertThat(changed.message()).contains("memory_bytes 100 asked, 50 free");
    ok(f.leases.free(a.id()));
    assertThat(f.leases.offer().orElseThrow().id()).isNotEqualTo(second.id());
  }

  private static AllocRequest withOffer(String offerId, long memory) {
    return new AllocRequest(Optional.of(offerId), new Resources(memory, 0), "me", Map.of(), Optional.empty());
  }

  @Test
  void aRequestBeyondCapacityIsInvalidAndOneShortNowIsRefusedNamingTheResource() {
    node();
    LeaseResult.Failed<?> never = failed(f.leases.create(request(new Resources(100, 0, Map.of(Resources.GPU, 3L)))),
        Failure.INVALID);
    assertThat(never.message()).contains("gpus 3 asked, the node's capacity is 2");
    f.create(request(new Resources(100, 0, Map.of(Resources.GPU, 2L))));
    f.idle.onAsk = () -> {};
    LeaseResult.Failed<?> later = failed(f.leases.create(request(new Resources(100, 0, Map.of(Resources.GPU, 1L)))),
        Failure.SHORT);
    assertThat(later.message()).contains("gpus 1 asked, 0 free").doesNotContain("memory");
    assertThat(f.idle.asked).as("the pool was asked to evict idle containers first")
        .containsExactly(new Resources(0, 0, Map.of(Resources.GPU, 1L)));
  }

  @Test
  void idleFunctionContainersAreEvictedToMakeRoomForAnAlloc() {
    node();
    Grant idle = ((Reservation.Granted) f.ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1"),
        new Resources(800, 0), t0())).grant();
    f.idle.onAsk = idle::close;
    AllocRecord a = f.create(request(500, 60));
    assertThat(a.alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(f.idle.asked).containsExactly(new Resources(300, 0));
  }

  @Test
  void expiredAllocsAndIdleContainersTogetherMakeRoomForAnAlloc() {
    node();
    AllocRecord expired = f.create(request(300, 10));
    Grant idle = ((Reservation.Granted) f.ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1"),
        new Resources(300, 0), t0())).grant();
    f.ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c2"), new Resources(300, 0), t0());
    f.idle.onAsk = idle::close; // the pool evicts one idle container, enough for what it was asked
    f.clock.advance(Duration.ofSeconds(10));
    AllocRecord a = f.create(request(500, 60));
    assertThat(a.alloc().state()).isEqualTo(AllocState.ACTIVE);
    assertThat(f.idle.asked).as("only what the expired alloc does not cover").containsExactly(new Resources(100, 0));
    assertThat(f.get(expired.id()).alloc().state()).isEqualTo(AllocState.RECLAIMED);
  }

  @Test
  void aListingByStateShowsAllocsAsTheyStandNow() {
    node();
    AllocRecord a = f.create(request(100, 10));
    f.create(request(100, 60));
    f.clock.advance(Duration.ofMillis(10_500)); // past a's lease, before the next expiry sweep
    assertThat(f.leases.list(new AllocQuery(null, AllocState.ACTIVE, null, 10)).items())
        .extracting(AllocRecord::id).doesNotContain(a.id()).hasSize(1);
  }

  @Test
  void freeEndsAnAllocOnceAndUnknownAllocsAreNotFound() {
    node();
    AllocRecord a = f.create(request(100, 60));
    AllocRecord freed = ok(f.leases.free(a.id()));
    assertThat(freed.alloc().state()).isEqualTo(AllocState.FREED);
    assertThat(f.roomFreed).as("the pool was told to retry waiting calls").hasValue(1);
    assertThat(f.leases.offer().orElseThrow().available().memoryBytes()).isEqualTo(1000);
    assertThat(failed(f.leases.free(a.id()), Failure.GONE).message()).contains("was freed at");
    failed(f.leases.keepalive("n1.nope", Duration.ofSeconds(10)), Failure.NOT_FOUND);
    failed(f.leases.get("n1.nope"), Failure.NOT_FOUND);
  }

  @Test
  void endedAllocsAreCollectedAfterTheRetentionAndReadGoneFromTheStoreUntilDeleted() {
    node();
    AllocRecord a = f.create(request(100, 60));
    String x = f.exec(a.id(), Optional.empty()).id();
    ok(f.leases.free(a.id()));
    f.clock.advance(Duration.ofMinutes(61));
    String c = f.container(x);
    assertThat(f.runner.list()).as("its container removed on collection").isEmpty();
    assertThat(f.runner.kills()).startsWith(c);
    assertThat(Files.exists(dir.resolve("allocs").resolve(a.id()))).isFalse();
    assertThat(store.get(a.id())).as("deleted by the janitor after the retention").isEmpty();
    failed(f.leases.keepalive(a.id(), Duration.ofSeconds(10)), Failure.NOT_FOUND);
  }

  @Test
  void anAllocCollectedFromTheBookButStillStoredReadsGone() {
    io.hearth.testkit.time.ManualClock clock = new io.hearth.testkit.time.ManualClock();
    f = new LeaseFixture(clock, new io.hearth.core.ledger.Ledger(LeaseFixture.CAPACITY), store,
        new io.hearth.testkit.lease.FakeExecRunner(clock), dir, LeaseSettings.defaults(dir).withDeleteEnded(false));
    AllocRecord a = f.create(request(100, 60));
    ok(f.leases.free(a.id()));
    f.clock.advance(Duration.ofMinutes(61));
    assertThat(store.get(a.id())).isPresent();
    assertThat(failed(f.leases.keepalive(a.id(), Duration.ofSeconds(10)), Failure.GONE).message())
        .contains("was freed at");
    assertThat(f.leases.deleteEnded(f.clock.instant())).isEqualTo(1);
    assertThat(store.get(a.id())).isEmpty();
  }
}
