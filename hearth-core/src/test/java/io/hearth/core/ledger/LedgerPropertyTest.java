package io.hearth.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.property.PropertyRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random scenarios mixing function containers and other holders (allocations with expiries, job
 * containers) on one ledger: they reserve, mark grants reclaimable, close grants (twice, too), renew
 * leases (later or earlier), let time pass so leases expire, and reclaim what a short answer offers.
 * After every step a model kept apart from the ledger checks that the sum of grants never exceeds
 * capacity, that every grant is released exactly once (a second close changes nothing; made −
 * released = held; renewing a released lease changes nothing), that each lease's expiry is the last
 * one it was given, and that a short answer names exactly the resources that are short, by the right
 * amount, and the reclaimable grants (by the model's expiries, not the grants' own). QuickTheories
 * runs 300 scenarios of up to 80 steps from one seed and shrinks a failing one ({@link PropertyRun}).
 */
class LedgerPropertyTest {
  private static final String[] NAMES = {Resources.MEMORY, Resources.CPU, Resources.DISK, Resources.GPU};
  private static final Resources CAPACITY = new Resources(4096, 4000, Map.of(Resources.DISK, 1000L, Resources.GPU, 2L));
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  sealed interface Op {}

  record Reserve(Holder.Kind kind, Resources request, int leaseSeconds, boolean reclaimOnShort) implements Op {}

  record Close(int pick, boolean twice) implements Op {}

  record MarkReclaimable(int pick, boolean reclaimable) implements Op {}

  record Advance(int seconds) implements Op {}

  record Renew(int pick, int seconds) implements Op {}

  static Gen<List<Op>> scenarios() {
    Gen<Resources> request = Generate.longRange(0, 2048).zip(Generate.longRange(0, 2500),
        Generate.longRange(0, 600), Generate.longRange(0, 2),
        (mem, cpu, disk, gpu) -> new Resources(mem, cpu, Map.of(Resources.DISK, disk, Resources.GPU, gpu)));
    Gen<Op> reserve = Generate.enumValues(Holder.Kind.class).zip(request, Generate.range(0, 30), Generate.booleans(),
        Reserve::new);
    Gen<Op> close = Generate.range(0, 1000).zip(Generate.booleans(), Close::new);
    Gen<Op> mark = Generate.range(0, 1000).zip(Generate.booleans(), MarkReclaimable::new);
    Gen<Op> advance = Generate.range(1, 20).map(Advance::new);
    Gen<Op> renew = Generate.range(0, 1000).zip(Generate.range(0, 30), Renew::new);
    Gen<Op> op = Generate.frequency(List.of(Pair.of(5, reserve), Pair.of(3, close), Pair.of(2, mark),
        Pair.of(1, advance), Pair.of(2, renew)));
    return SourceDSL.lists().of(op).ofSizeBetween(1, 80);
  }

  /** The model: what the test believes is held, kept without the ledger's arithmetic. */
  private static final class Model {
    final List<Grant> held = new ArrayList<>();
    final Map<Grant, Integer> releases = new IdentityHashMap<>();
    final Map<Grant, Boolean> marked = new IdentityHashMap<>();
    /** The expiry each lease was last given, at its reservation or a renewal. */
    final Map<Grant, Instant> expiries = new IdentityHashMap<>();
    long made;
    Instant now = START;

    long used(String name) {
      return held.stream().mapToLong(g -> g.resources().amount(name)).sum();
    }

    void close(Grant g) {
      g.close();
      if (releases.merge(g, 1, Integer::sum) == 1) {
        held.remove(g);
      }
    }
  }

  @Test
  void grantsNeverExceedCapacityAndAreReleasedOnce() {
    PropertyRun run = PropertyRun.of(LedgerPropertyTest.class);
    run.check(300, scenarios(), ops -> scenario(run, ops));
    run.assertReached("short", "reclaimed", "reclaimed a lease", "renewed an expired lease");
  }

  private static void scenario(PropertyRun run, List<Op> ops) {
    Ledger ledger = new Ledger(CAPACITY);
    Model m = new Model();
    int holders = 0;
    for (Op op : ops) {
      switch (op) {
        case Reserve r -> {
          Holder h = Holder.of(r.kind(), "h" + holders++);
          Optional<Instant> expiry = r.kind() == Holder.Kind.ALLOCATION && r.leaseSeconds() > 0
              ? Optional.of(m.now.plusSeconds(r.leaseSeconds())) : Optional.empty();
          Reservation answer = ledger.reserve(h, r.request(), expiry, m.now);
          checkAnswer(m, r.request(), answer);
          run.collect(answer instanceof Reservation.Granted ? "granted" : "short");
          if (answer instanceof Reservation.Short s && r.reclaimOnShort() && s.reclaimingCouldFit()) {
            run.collect(s.reclaimable().stream().anyMatch(g -> g.expiry().isPresent()) ? "reclaimed a lease"
                : "reclaimed");
            s.reclaimable().forEach(m::close);
            answer = ledger.reserve(h, r.request(), expiry, m.now);
            assertThat(answer).as("freeing every reclaimable grant made room").isInstanceOf(Reservation.Granted.class);
            checkAnswer(m, r.request(), answer);
          }
          if (answer instanceof Reservation.Granted g) {
            assertThat(g.grant().holder()).isEqualTo(h);
            assertThat(g.grant().resources()).isEqualTo(r.request());
            assertThat(g.grant().expiry()).isEqualTo(expiry);
            expiry.ifPresent(e -> m.expiries.put(g.grant(), e));
            m.held.add(g.grant());
            m.made++;
          }
        }
        case Close c -> {
          if (!m.held.isEmpty()) {
            Grant g = m.held.get(c.pick() % m.held.size());
            m.close(g);
            if (c.twice()) {
              m.close(g);
            }
            assertThat(g.released()).isTrue();
            if (m.expiries.containsKey(g)) {
              assertThat(ledger.renew(g, m.now.plusSeconds(60))).as("a released lease is not renewed").isFalse();
              assertThat(g.expiry()).contains(m.expiries.get(g));
            }
          }
        }
        case Renew n -> {
          List<Grant> leases = m.held.stream().filter(m.expiries::containsKey).toList();
          if (!leases.isEmpty()) {
            Grant g = leases.get(n.pick() % leases.size());
            Instant expiry = m.now.plusSeconds(n.seconds());
            run.collect(g.expired(m.now) ? "renewed an expired lease" : "renewed");
            assertThat(ledger.renew(g, expiry)).isTrue();
            m.expiries.put(g, expiry);
          }
        }
        case MarkReclaimable k -> {
          if (!m.held.isEmpty()) {
            Grant g = m.held.get(k.pick() % m.held.size());
            g.reclaimable(k.reclaimable());
            m.marked.put(g, k.reclaimable());
          }
        }
        case Advance a -> m.now = m.now.plusSeconds(a.seconds());
      }
      checkLedger(ledger, m);
    }
    new ArrayList<>(m.held).forEach(m::close);
    checkLedger(ledger, m);
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
    assertThat(m.releases.values()).allMatch(n -> n >= 1);
  }

  private static void checkLedger(Ledger ledger, Model m) {
    for (String name : NAMES) {
      assertThat(ledger.used().amount(name)).as("used " + name).isEqualTo(m.used(name));
      assertThat(m.used(name)).as(name + " within capacity").isLessThanOrEqualTo(CAPACITY.amount(name));
    }
    assertThat(ledger.grants()).containsExactlyInAnyOrderElementsOf(m.held);
    for (Grant g : m.held) {
      assertThat(g.expiry()).as("expiry of " + g).isEqualTo(Optional.ofNullable(m.expiries.get(g)));
    }
    Ledger.Counts counts = ledger.counts();
    assertThat(counts.granted()).isEqualTo(m.made);
    assertThat(counts.released()).as("each grant released once, however often closed").isEqualTo(m.releases.size());
    assertThat(counts.held()).isEqualTo(m.held.size());
  }

  /** A short answer iff some resource lacks room; it names those resources, by how much, and what is reclaimable. */
  private static void checkAnswer(Model m, Resources request, Reservation answer) {
    Map<String, Long> lacking = new HashMap<>();
    for (String name : NAMES) {
      long over = m.used(name) + request.amount(name) - CAPACITY.amount(name);
      if (over > 0) {
        lacking.put(name, over);
      }
    }
    if (lacking.isEmpty()) {
      assertThat(answer).isInstanceOf(Reservation.Granted.class);
      return;
    }
    assertThat(answer).isInstanceOf(Reservation.Short.class);
    Reservation.Short s = (Reservation.Short) answer;
    Map<String, Long> named = new HashMap<>();
    s.shortfalls().forEach(f -> named.put(f.resource(), f.amount()));
    assertThat(named).isEqualTo(lacking);
    List<Grant> reclaimable = m.held.stream()
        .filter(g -> m.marked.getOrDefault(g, false)
            || (m.expiries.containsKey(g) && !m.now.isBefore(m.expiries.get(g))))
        .toList();
    assertThat(s.reclaimable()).containsExactlyInAnyOrderElementsOf(reclaimable);
  }
}
