package io.hearth.core.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.Shortfall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseBookTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofMinutes(10);

  private final Ledger ledger = new Ledger(new Resources(1000, 4000, Map.of(Resources.GPU, 2L)));
  private final AtomicInteger n = new AtomicInteger();
  private final LeaseBook book = new LeaseBook(ledger, RETENTION, () -> "a" + n.incrementAndGet());

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private Alloc create(Resources r, Optional<Duration> keepalive, Instant now) {
    CreateAnswer answer = book.create("me", Map.of("job", "j1"), r, keepalive, now);
    assertThat(answer).isInstanceOf(CreateAnswer.Created.class);
    return ((CreateAnswer.Created) answer).alloc();
  }

  private Alloc create(long memory, long leaseSeconds, Instant now) {
    return create(new Resources(memory, 0), Optional.of(Duration.ofSeconds(leaseSeconds)), now);
  }

  private Alloc.State state(Alloc a, Instant now) {
    return book.get(a.id(), now).orElseThrow().state();
  }

  @Test
  void theFirstLeaseLastsTwoMinutes() {
    Alloc a = create(new Resources(100, 500), Optional.empty(), T0);
    assertThat(a.state()).isEqualTo(Alloc.State.ACTIVE);
    assertThat(a.createdAt()).isEqualTo(T0);
    assertThat(a.lastKeepaliveAt()).isEqualTo(T0);
    assertThat(a.expiresAt()).isEqualTo(at(120));
    assertThat(a.labels()).containsEntry("job", "j1");
    assertThat(state(a, at(119))).isEqualTo(Alloc.State.ACTIVE);
    assertThat(state(a, at(120))).isEqualTo(Alloc.State.EXPIRED);
    Grant g = ledger.grants().getFirst();
    assertThat(g.holder()).isEqualTo(Holder.of(Holder.Kind.ALLOCATION, a.id()));
    assertThat(g.expiry()).contains(at(120));
  }

  @Test
  void aFirstLeaseAskedForIsWholeSecondsClampedToFiveMinutes() {
    assertThat(create(10, 30, T0).expiresAt()).isEqualTo(at(30));
    assertThat(create(10, 301, T0).expiresAt()).isEqualTo(at(300));
    assertThat(create(new Resources(10, 0), Optional.of(Duration.ofMillis(1999)), T0).expiresAt()).isEqualTo(at(1));
    assertThatThrownBy(() -> book.create("me", Map.of(), new Resources(10, 0), Optional.of(Duration.ZERO), T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
  }

  @Test
  void aKeepaliveGrantsAtMostFiveMinutesFromItsOwnTime() {
    Alloc a = create(10, 60, T0);
    assertThat(book.keepalive(a.id(), Duration.ofMinutes(10), at(50)))
        .isEqualTo(new KeepaliveAnswer.Granted(Duration.ofMinutes(5), at(350)));
    assertThat(book.keepalive(a.id(), Duration.ofSeconds(90), at(100)))
        .as("shorter than before is granted as asked")
        .isEqualTo(new KeepaliveAnswer.Granted(Duration.ofSeconds(90), at(190)));
    Alloc now = book.get(a.id(), at(100)).orElseThrow();
    assertThat(now.lastKeepaliveAt()).isEqualTo(at(100));
    assertThat(now.expiresAt()).isEqualTo(at(190));
    assertThat(ledger.grants().getFirst().expiry()).as("the grant moves with the lease").contains(at(190));
    assertThatThrownBy(() -> book.keepalive(a.id(), Duration.ofMillis(999), at(100)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLateKeepaliveRevives() {
    Alloc a = create(900, 60, T0);
    assertThat(state(a, at(200))).isEqualTo(Alloc.State.EXPIRED);
    assertThat(ledger.reclaimable(at(200))).as("expired: reclaimable").hasSize(1);
    assertThat(book.keepalive(a.id(), Duration.ofSeconds(60), at(200)))
        .isEqualTo(new KeepaliveAnswer.Granted(Duration.ofSeconds(60), at(260)));
    assertThat(state(a, at(200))).isEqualTo(Alloc.State.ACTIVE);
    assertThat(ledger.reclaimable(at(200))).as("revived: no longer reclaimable").isEmpty();
    assertThat(book.create("other", Map.of(), new Resources(500, 0), Optional.empty(), at(200)))
        .as("an active alloc is not reclaimed").isInstanceOf(CreateAnswer.NoFit.class);
  }

  @Test
  void reclaimTakesTheMostExpiredFirstAndOnlyAsManyAsNeeded() {
    Alloc a = create(300, 60, T0);
    Alloc b = create(300, 30, T0);
    Alloc c = create(300, 90, T0);
    CreateAnswer answer = book.create("me", Map.of(), new Resources(400, 0), Optional.empty(), at(100));
    assertThat(answer.reclaimed()).extracting(Alloc::id).as("300 short: b, the most expired, suffices")
        .containsExactly(b.id());
    assertThat(answer.reclaimed().getFirst().state()).isEqualTo(Alloc.State.RECLAIMED);
    assertThat(answer.reclaimed().getFirst().endedAt()).contains(at(100));
    assertThat(state(a, at(100))).isEqualTo(Alloc.State.EXPIRED);
    assertThat(state(c, at(100))).isEqualTo(Alloc.State.EXPIRED);

    answer = book.create("me", Map.of(), new Resources(500, 0), Optional.empty(), at(100));
    assertThat(answer).isInstanceOf(CreateAnswer.Created.class);
    assertThat(answer.reclaimed()).extracting(Alloc::id).as("500 short: a, then c").containsExactly(a.id(), c.id());
    assertThat(ledger.used()).isEqualTo(new Resources(900, 0));
    assertThat(ledger.counts().released()).isEqualTo(3);
  }

  @Test
  void reclaimSkipsExpiredAllocsThatHoldNoneOfWhatIsShort() {
    Alloc memoryOnly = create(new Resources(500, 0), Optional.of(Duration.ofSeconds(10)), T0);
    Alloc gpus = create(new Resources(100, 0, Map.of(Resources.GPU, 2L)), Optional.of(Duration.ofSeconds(20)), T0);
    CreateAnswer answer = book.create("me", Map.of(), new Resources(0, 0, Map.of(Resources.GPU, 1L)),
        Optional.empty(), at(30));
    assertThat(answer).isInstanceOf(CreateAnswer.Created.class);
    assertThat(answer.reclaimed()).extracting(Alloc::id).containsExactly(gpus.id());
    assertThat(state(memoryOnly, at(30))).isEqualTo(Alloc.State.EXPIRED);
  }

  @Test
  void whenReclaimingAllExpiredAllocsWouldNotMakeRoomNoneIsReclaimed() {
    Alloc active = create(600, 300, T0);
    Alloc expired = create(300, 10, T0);
    CreateAnswer answer = book.create("me", Map.of(), new Resources(500, 0), Optional.empty(), at(20));
    assertThat(answer).isEqualTo(new CreateAnswer.NoFit(
        java.util.List.of(new Shortfall(Resources.MEMORY, 400)), true, java.util.List.of()));
    assertThat(state(expired, at(20))).as("killing it would not have made room").isEqualTo(Alloc.State.EXPIRED);
    assertThat(state(active, at(20))).isEqualTo(Alloc.State.ACTIVE);
  }

  @Test
  void aRequestTheNodeCouldNeverHoldSaysSo() {
    CreateAnswer answer = book.create("me", Map.of(), new Resources(1500, 0, Map.of(Resources.GPU, 3L)),
        Optional.empty(), T0);
    assertThat(answer).isEqualTo(new CreateAnswer.NoFit(java.util.List.of(
        new Shortfall(Resources.MEMORY, 500), new Shortfall(Resources.GPU, 1)), false, java.util.List.of()));
    assertThat(ledger.counts().granted()).isZero();
  }

  @Test
  void aReclaimedAllocStaysReadableAndItsKeepaliveAnswersGone() {
    Alloc a = create(800, 60, T0);
    create(500, 60, at(61));
    Alloc reclaimed = book.get(a.id(), at(61)).orElseThrow();
    assertThat(reclaimed.state()).isEqualTo(Alloc.State.RECLAIMED);
    assertThat(reclaimed.resources()).isEqualTo(new Resources(800, 0));
    assertThat(book.keepalive(a.id(), Duration.ofSeconds(60), at(62)))
        .isEqualTo(new KeepaliveAnswer.Gone(Alloc.State.RECLAIMED));
    assertThat(book.free(a.id(), at(62))).isEqualTo(new FreeAnswer.Gone(Alloc.State.RECLAIMED));
    assertThat(book.collect(at(61).plus(RETENTION).minusSeconds(1))).isEmpty();
    assertThat(book.collect(at(61).plus(RETENTION))).containsExactly(a.id());
    assertThat(book.get(a.id(), at(1000))).isEmpty();
    assertThat(book.keepalive(a.id(), Duration.ofSeconds(60), at(1000))).isEqualTo(new KeepaliveAnswer.Unknown(a.id()));
  }

  @Test
  void freeReleasesTheGrantOnce() {
    Alloc a = create(800, 60, T0);
    FreeAnswer answer = book.free(a.id(), at(200));
    assertThat(answer).isInstanceOf(FreeAnswer.Freed.class);
    assertThat(((FreeAnswer.Freed) answer).alloc().state()).isEqualTo(Alloc.State.FREED);
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
    assertThat(book.free(a.id(), at(201))).isEqualTo(new FreeAnswer.Gone(Alloc.State.FREED));
    assertThat(book.keepalive(a.id(), Duration.ofSeconds(5), at(201))).isEqualTo(new KeepaliveAnswer.Gone(Alloc.State.FREED));
    assertThat(ledger.counts()).isEqualTo(new Ledger.Counts(1, 1));
    assertThat(book.free("nope", at(201))).isEqualTo(new FreeAnswer.Unknown("nope"));
    assertThat(book.list(at(201))).extracting(Alloc::state).containsExactly(Alloc.State.FREED);
  }

  @Test
  void availableIsCapacityMinusFunctionGrantsMinusUnexpiredLeases() {
    ledger.reserve(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1"), new Resources(200, 1000), T0);
    create(new Resources(300, 1000), Optional.of(Duration.ofSeconds(300)), T0);
    create(new Resources(100, 500, Map.of(Resources.GPU, 1L)), Optional.of(Duration.ofSeconds(10)), T0);
    assertThat(book.available(at(5))).isEqualTo(new Resources(400, 1500, Map.of(Resources.GPU, 1L)));
    assertThat(book.available(at(10))).as("the expired lease's room is on offer")
        .isEqualTo(new Resources(500, 2000, Map.of(Resources.GPU, 2L)));
    assertThat(ledger.used()).as("though its grant still counts on the ledger").isEqualTo(new Resources(600, 2500,
        Map.of(Resources.GPU, 1L)));
  }

  @Test
  void availableShowsNoCpuWhenTheNodeDoesNotAccountIt() {
    Ledger noCpu = new Ledger(new Resources(1000, 0));
    LeaseBook b = new LeaseBook(noCpu, RETENTION, () -> "x" + n.incrementAndGet());
    b.create("me", Map.of(), new Resources(100, 2000), Optional.empty(), T0);
    assertThat(b.available(T0)).isEqualTo(new Resources(900, 0));
  }

  @Test
  void aFunctionContainerShortOfRoomReclaimsExpiredAllocs() {
    Alloc old = create(600, 30, T0);
    Alloc young = create(300, 60, T0);
    Holder container = Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c1");
    Reservation r = ledger.reserve(container, new Resources(200, 0), at(40));
    assertThat(r).isInstanceOf(Reservation.Short.class);
    assertThat(book.reclaimFor((Reservation.Short) r, at(40))).as("young is active").extracting(Alloc::id)
        .containsExactly(old.id());
    assertThat(ledger.reserve(container, new Resources(200, 0), at(40))).isInstanceOf(Reservation.Granted.class);
    assertThat(state(young, at(40))).isEqualTo(Alloc.State.ACTIVE);
    assertThat(book.reclaimFor(Resources.ZERO, at(40))).isEmpty();
  }

  private static Alloc stored(String id, long memory, Instant created, Instant lastKeepalive, Instant expires) {
    return new Alloc(id, "me", Map.of("job", "j1"), new Resources(memory, 0), Alloc.State.ACTIVE, created,
        lastKeepalive, expires, Optional.empty());
  }

  @Test
  void anAdoptedAllocKeepsItsTimesAndItsLeaseRunsOn() {
    Alloc s = stored("n1.a", 400, T0, at(60), at(180));
    CreateAnswer answer = book.adopt(s, at(100));
    assertThat(answer).isInstanceOf(CreateAnswer.Created.class);
    Alloc a = ((CreateAnswer.Created) answer).alloc();
    assertThat(a.createdAt()).isEqualTo(T0);
    assertThat(a.lastKeepaliveAt()).isEqualTo(at(60));
    assertThat(a.expiresAt()).isEqualTo(at(180));
    assertThat(ledger.grants()).singleElement().satisfies(g -> {
      assertThat(g.holder()).isEqualTo(Holder.of(Holder.Kind.ALLOCATION, "n1.a"));
      assertThat(g.expiry()).contains(at(180));
    });
    assertThat(state(a, at(179))).isEqualTo(Alloc.State.ACTIVE);
    assertThat(state(a, at(180))).as("expiry continues from the stored lease").isEqualTo(Alloc.State.EXPIRED);
    assertThat(book.keepalive("n1.a", Duration.ofSeconds(30), at(200)))
        .as("a late keepalive revives an adopted alloc as any other")
        .isEqualTo(new KeepaliveAnswer.Granted(Duration.ofSeconds(30), at(230)));
  }

  @Test
  void anAllocAdoptedAfterItsLeaseRanOutIsExpiredAndReclaimable() {
    book.adopt(stored("n1.old", 600, T0, T0, at(30)), at(100));
    assertThat(book.get("n1.old", at(100)).orElseThrow().state()).isEqualTo(Alloc.State.EXPIRED);
    assertThat(book.available(at(100))).isEqualTo(new Resources(1000, 4000, Map.of(Resources.GPU, 2L)));
    Alloc fresh = create(700, 60, at(100));
    assertThat(fresh.state()).isEqualTo(Alloc.State.ACTIVE);
    assertThat(book.get("n1.old", at(100)).orElseThrow().state()).isEqualTo(Alloc.State.RECLAIMED);
  }

  @Test
  void anAllocTheLedgerCannotHoldIsNotAdopted() {
    create(800, 60, T0);
    CreateAnswer answer = book.adopt(stored("n1.big", 400, T0, T0, at(120)), at(10));
    assertThat(answer).isInstanceOf(CreateAnswer.NoFit.class);
    CreateAnswer.NoFit noFit = (CreateAnswer.NoFit) answer;
    assertThat(noFit.shortfalls()).containsExactly(new Shortfall(Resources.MEMORY, 200));
    assertThat(noFit.couldEverFit()).isTrue();
    assertThat(noFit.reclaimed()).isEmpty();
    assertThat(book.get("n1.big", at(10))).isEmpty();
    assertThat(ledger.grants()).hasSize(1);
  }

  @Test
  void adoptionRefusesEndedAllocsAndRepeats() {
    Alloc ended = new Alloc("n1.f", "me", Map.of(), new Resources(1, 0), Alloc.State.FREED, T0, T0, at(120),
        Optional.of(at(5)));
    assertThatThrownBy(() -> book.adopt(ended, at(10))).isInstanceOf(IllegalArgumentException.class);
    book.adopt(stored("n1.a", 10, T0, T0, at(120)), at(10));
    assertThatThrownBy(() -> book.adopt(stored("n1.a", 10, T0, T0, at(120)), at(10)))
        .isInstanceOf(IllegalStateException.class);
  }
}
