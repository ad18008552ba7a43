package io.hearth.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Holder A = Holder.of(Holder.Kind.FUNCTION_CONTAINER, "1");
  private static final Holder B = Holder.of(Holder.Kind.ALLOCATION, "lease-1");

  private final Ledger ledger = new Ledger(new Resources(1000, 4000, Map.of(Resources.GPU, 1L)));

  private Grant grant(Holder h, Resources r) {
    return ((Reservation.Granted) ledger.reserve(h, r, NOW)).grant();
  }

  @Test
  void aGrantHoldsItsResourcesUntilClosedOnce() {
    Grant g = grant(A, new Resources(600, 1000));
    assertThat(ledger.used()).isEqualTo(new Resources(600, 1000));
    assertThat(ledger.grants()).containsExactly(g);
    g.close();
    g.close(); // a no-op
    assertThat(g.released()).isTrue();
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
    assertThat(ledger.counts()).isEqualTo(new Ledger.Counts(1, 1));
  }

  @Test
  void tryWithResourcesReleases() {
    try (Grant g = grant(B, new Resources(1000, 4000))) {
      assertThat(ledger.fits(new Resources(1, 0))).isFalse();
      assertThat(g.holder()).isEqualTo(B);
    }
    assertThat(ledger.fits(new Resources(1000, 4000))).isTrue();
  }

  @Test
  void grantsHaveIdentity() {
    Grant one = grant(A, new Resources(10, 0));
    Grant two = grant(A, new Resources(10, 0));
    assertThat(one).isNotEqualTo(two);
    assertThat(two.id()).isGreaterThan(one.id());
  }

  @Test
  void aShortReservationNamesWhatIsShortAndWhatCouldBeFreed() {
    Grant idle = grant(A, new Resources(400, 0));
    Grant busy = grant(Holder.of(Holder.Kind.FUNCTION_CONTAINER, "2"), new Resources(400, 0));
    idle.reclaimable(true);
    Reservation r = ledger.reserve(B, new Resources(500, 0, Map.of(Resources.GPU, 2L)), NOW);
    assertThat(r).isInstanceOf(Reservation.Short.class);
    Reservation.Short s = (Reservation.Short) r;
    assertThat(s.shortfalls()).containsExactly(new Shortfall(Resources.MEMORY, 300), new Shortfall(Resources.GPU, 1));
    assertThat(s.reclaimable()).containsExactly(idle);
    assertThat(s.reclaimingCouldFit()).as("no grant frees a GPU").isFalse();
    assertThat(ledger.used()).as("nothing granted").isEqualTo(new Resources(800, 0));
    assertThat(busy.released()).isFalse();
  }

  @Test
  void freeingTheReclaimableGrantsMakesRoom() {
    Grant idle = grant(A, new Resources(700, 0));
    idle.reclaimable(true);
    Reservation.Short s = (Reservation.Short) ledger.reserve(B, new Resources(500, 0), NOW);
    assertThat(s.reclaimingCouldFit()).isTrue();
    s.reclaimable().forEach(Grant::close);
    assertThat(ledger.reserve(B, new Resources(500, 0), NOW)).isInstanceOf(Reservation.Granted.class);
  }

  @Test
  void anExpiredGrantStillCountsButIsReclaimable() {
    Reservation r = ledger.reserve(B, new Resources(900, 0), Optional.of(NOW.plusSeconds(60)), NOW);
    Grant lease = ((Reservation.Granted) r).grant();
    assertThat(((Reservation.Short) ledger.reserve(A, new Resources(200, 0), NOW)).reclaimable()).isEmpty();
    Reservation.Short later = (Reservation.Short) ledger.reserve(A, new Resources(200, 0), NOW.plusSeconds(60));
    assertThat(later.reclaimable()).containsExactly(lease);
    assertThat(later.missing()).isEqualTo(new Resources(100, 0));
  }

  @Test
  void renewingALeaseMovesItsExpiry() {
    Grant lease = ((Reservation.Granted) ledger.reserve(B, new Resources(900, 0), Optional.of(NOW.plusSeconds(60)), NOW))
        .grant();
    assertThat(ledger.reclaimable(NOW.plusSeconds(60))).as("expired").containsExactly(lease);
    assertThat(ledger.renew(lease, NOW.plusSeconds(120))).isTrue();
    assertThat(lease.expiry()).contains(NOW.plusSeconds(120));
    assertThat(ledger.reclaimable(NOW.plusSeconds(60))).as("renewed: no longer expired").isEmpty();
    assertThat(ledger.reclaimable(NOW.plusSeconds(120))).containsExactly(lease);
    assertThat(ledger.renew(lease, NOW.plusSeconds(30))).as("earlier is allowed too").isTrue();
    assertThat(lease.expired(NOW.plusSeconds(30))).isTrue();
    assertThat(ledger.used()).as("renewing changes no amounts").isEqualTo(new Resources(900, 0));
    lease.close();
    assertThat(ledger.renew(lease, NOW.plusSeconds(500))).as("released").isFalse();
    assertThat(lease.expiry()).contains(NOW.plusSeconds(30));
  }

  @Test
  void onlyALeaseOfThisLedgerCanBeRenewed() {
    Grant forever = grant(A, new Resources(10, 0));
    assertThatThrownBy(() -> ledger.renew(forever, NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lease to renew");
    Ledger other = new Ledger(new Resources(100, 0));
    Grant elsewhere = ((Reservation.Granted) other.reserve(B, new Resources(10, 0), Optional.of(NOW), NOW)).grant();
    assertThatThrownBy(() -> ledger.renew(elsewhere, NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another ledger");
  }

  @Test
  void aRequestLargerThanTheNodeCanNeverFit() {
    assertThat(ledger.couldEverFit(new Resources(1000, 4000, Map.of(Resources.GPU, 1L)))).isTrue();
    assertThat(ledger.couldEverFit(new Resources(1001, 0))).isFalse();
    assertThat(ledger.couldEverFit(new Resources(0, 0, Map.of(Resources.DISK, 1L)))).isFalse();
    assertThatThrownBy(() -> new Reservation.Short(Resources.ZERO, java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
