package io.hearth.core.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.property.PropertyRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random scenarios on one ledger shared by function containers (reserved on the ledger directly,
 * reclaiming through the book when short, as the pool would) and a lease book: create allocs
 * (with or without a first lease asked for), keep them alive (early, late, after they ended, after
 * they were collected), free them, let time pass, collect. A model kept apart from the book —
 * its own expiries, states and sums — checks after every step that grants never exceed capacity,
 * that each alloc holds exactly one grant while live and none once ended, with every grant released
 * exactly once (made − released = held, released = allocs ended + containers closed), that offers
 * are capacity minus function grants minus unexpired leases, and at every reclaim that no active
 * alloc is taken, that the reclaimed are the most-expired of those holding what is short, in
 * expiry order, just enough to cover the shortfall, and that none are taken when that could not be.
 * QuickTheories runs 300 scenarios of up to 80 steps from one seed and shrinks a failing one
 * ({@link PropertyRun}).
 */
class LeaseBookPropertyTest {
  private static final String[] NAMES = {Resources.MEMORY, Resources.CPU, Resources.GPU};
  private static final Resources CAPACITY = new Resources(4096, 4000, Map.of(Resources.GPU, 2L));
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofSeconds(60);

  sealed interface Op {}

  /** @param leaseSeconds 0: the default first lease */
  record Create(Resources request, int leaseSeconds) implements Op {}

  record Keepalive(int pick, int seconds) implements Op {}

  record Free(int pick) implements Op {}

  record Function(Resources request) implements Op {}

  record EndFunction(int pick) implements Op {}

  record Advance(int seconds) implements Op {}

  record Collect() implements Op {}

  static Gen<List<Op>> scenarios() {
    Gen<Resources> request = Generate.longRange(0, 2048).zip(Generate.longRange(0, 2500), Generate.longRange(0, 2),
        (mem, cpu, gpu) -> new Resources(mem, cpu, Map.of(Resources.GPU, gpu)));
    Gen<Resources> oversized = Generate.pick(List.of(new Resources(5000, 0),
        new Resources(0, 0, Map.of(Resources.GPU, 3L))));
    Gen<Resources> wanted = Generate.frequency(List.of(Pair.of(20, request), Pair.of(1, oversized)));
    Gen<Integer> leaseSeconds = Generate.range(-100, 400).map(s -> Math.max(0, s)); // 0: default
    Gen<Op> create = wanted.zip(leaseSeconds, Create::new);
    Gen<Op> keepalive = Generate.range(0, 1000).zip(Generate.range(1, 400), Keepalive::new);
    Gen<Op> free = Generate.range(0, 1000).map(Free::new);
    Gen<Op> function = request.map(Function::new);
    Gen<Op> endFunction = Generate.range(0, 1000).map(EndFunction::new);
    Gen<Op> advance = Generate.range(1, 120).map(Advance::new);
    Gen<Op> collect = Generate.constant(new Collect());
    Gen<Op> op = Generate.frequency(List.of(
        Pair.of(5, create), Pair.of(3, keepalive), Pair.of(1, free), Pair.of(3, function),
        Pair.of(2, endFunction), Pair.of(4, advance), Pair.of(1, collect)));
    return SourceDSL.lists().of(op).ofSizeBetween(1, 80);
  }

  /** What the test believes of one alloc, kept without the book. */
  private static final class Lease {
    final String id;
    final Resources resources;
    final long order;
    Instant expiresAt;
    Alloc.State end; // null while live
    Instant endedAt;
    boolean collected;

    Lease(String id, Resources resources, long order, Instant expiresAt) {
      this.id = id;
      this.resources = resources;
      this.order = order;
      this.expiresAt = expiresAt;
    }

    boolean live() {
      return end == null;
    }

    boolean expired(Instant now) {
      return live() && !now.isBefore(expiresAt);
    }

    Alloc.State state(Instant now) {
      return end != null ? end : expired(now) ? Alloc.State.EXPIRED : Alloc.State.ACTIVE;
    }
  }

  private static final class Model {
    final Map<String, Lease> leases = new LinkedHashMap<>();
    final List<Grant> functions = new ArrayList<>();
    long functionsMade;
    long functionsClosed;
    Instant now = START;

    Resources used() {
      Resources sum = Resources.ZERO;
      for (Grant g : functions) {
        sum = sum.plus(g.resources());
      }
      for (Lease l : leases.values()) {
        if (l.live()) {
          sum = sum.plus(l.resources);
        }
      }
      return sum;
    }

    List<Lease> all() {
      return List.copyOf(leases.values());
    }
  }

  @Test
  void leasesKeepTheLedgerHonestAndReclaimOnlyTheMostExpired() {
    PropertyRun run = PropertyRun.of(LeaseBookPropertyTest.class);
    run.check(300, scenarios(), ops -> scenario(run, ops));
    run.assertReached("created by reclaiming", "container reclaimed", "no room", "revived", "keepalive gone");
  }

  private static void scenario(PropertyRun run, List<Op> ops) {
    Ledger ledger = new Ledger(CAPACITY);
    Model m = new Model();
    int[] ids = {0};
    LeaseBook book = new LeaseBook(ledger, RETENTION, () -> "a" + ++ids[0]);
    int containers = 0;
    for (Op op : ops) {
      switch (op) {
        case Create c -> {
          Resources missing = CAPACITY.missing(m.used(), c.request());
          boolean never = !CAPACITY.fits(Resources.ZERO, c.request());
          Optional<Duration> lease = c.leaseSeconds() == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(c.leaseSeconds()));
          CreateAnswer answer = book.create("o", Map.of(), c.request(), lease, m.now);
          if (never) {
            assertThat(answer).isInstanceOf(CreateAnswer.NoFit.class);
            assertThat(((CreateAnswer.NoFit) answer).couldEverFit()).isFalse();
            assertThat(((CreateAnswer.NoFit) answer).shortfalls())
                .isEqualTo(CAPACITY.missing(Resources.ZERO, c.request()).asShortfalls());
            run.collect("never fits");
            break;
          }
          checkReclaim(m, missing, answer.reclaimed());
          switch (answer) {
            case CreateAnswer.Created created -> {
              Alloc a = created.alloc();
              long expect = c.leaseSeconds() == 0 ? 120 : Math.min(300, c.leaseSeconds());
              assertThat(a.expiresAt()).isEqualTo(m.now.plusSeconds(expect));
              assertThat(a.resources()).isEqualTo(c.request());
              m.leases.put(a.id(), new Lease(a.id(), a.resources(), m.leases.size(), a.expiresAt()));
              run.collect(created.reclaimed().isEmpty() ? "created" : "created by reclaiming");
            }
            case CreateAnswer.NoFit no -> {
              assertThat(no.couldEverFit()).isTrue();
              assertThat(no.reclaimed()).as("nothing reclaimed for nothing").isEmpty();
              assertThat(no.shortfalls()).isEqualTo(missing.asShortfalls());
              run.collect("no room");
            }
          }
        }
        case Keepalive k -> {
          List<Lease> all = m.all();
          String id = all.isEmpty() || k.pick() % 5 == 0 ? "unknown" : all.get(k.pick() % all.size()).id;
          Lease l = m.leases.get(id);
          boolean wasExpired = l != null && l.expired(m.now);
          KeepaliveAnswer answer = book.keepalive(id, Duration.ofSeconds(k.seconds()), m.now);
          if (l == null || l.collected) {
            assertThat(answer).isEqualTo(new KeepaliveAnswer.Unknown(id));
          } else if (!l.live()) {
            assertThat(answer).isEqualTo(new KeepaliveAnswer.Gone(l.end));
            run.collect("keepalive gone");
          } else {
            Duration granted = Duration.ofSeconds(Math.min(300, k.seconds()));
            assertThat(answer).isEqualTo(new KeepaliveAnswer.Granted(granted, m.now.plus(granted)));
            l.expiresAt = m.now.plus(granted);
            run.collect(wasExpired ? "revived" : "renewed");
          }
        }
        case Free f -> {
          List<Lease> all = m.all();
          if (all.isEmpty()) {
            break;
          }
          Lease l = all.get(f.pick() % all.size());
          FreeAnswer answer = book.free(l.id, m.now);
          if (l.collected) {
            assertThat(answer).isEqualTo(new FreeAnswer.Unknown(l.id));
          } else if (!l.live()) {
            assertThat(answer).isEqualTo(new FreeAnswer.Gone(l.end));
          } else {
            assertThat(answer).isInstanceOf(FreeAnswer.Freed.class);
            l.end = Alloc.State.FREED;
            l.endedAt = m.now;
          }
        }
        case Function fn -> {
          Holder h = Holder.of(Holder.Kind.FUNCTION_CONTAINER, "c" + containers++);
          Reservation r = ledger.reserve(h, fn.request(), m.now);
          if (r instanceof Reservation.Short s) {
            List<Alloc> reclaimed = book.reclaimFor(s, m.now);
            checkReclaim(m, s.missing(), reclaimed);
            run.collect(reclaimed.isEmpty() ? "container short" : "container reclaimed");
            r = ledger.reserve(h, fn.request(), m.now);
            assertThat(r instanceof Reservation.Granted).as("granted after a reclaim").isEqualTo(!reclaimed.isEmpty());
          }
          if (r instanceof Reservation.Granted g) {
            m.functions.add(g.grant());
            m.functionsMade++;
          }
        }
        case EndFunction e -> {
          if (!m.functions.isEmpty()) {
            Grant g = m.functions.remove(e.pick() % m.functions.size());
            g.close();
            g.close();
            m.functionsClosed++;
          }
        }
        case Advance a -> m.now = m.now.plusSeconds(a.seconds());
        case Collect c -> {
          List<String> expect = m.leases.values().stream()
              .filter(l -> !l.live() && !l.collected && !m.now.isBefore(l.endedAt.plus(RETENTION)))
              .map(l -> l.id).toList();
          assertThat(book.collect(m.now)).isEqualTo(expect);
          expect.forEach(id -> m.leases.get(id).collected = true);
        }
      }
      check(ledger, book, m);
    }
  }

  /**
   * A reclaim for {@code missing} at the model's now, before the model learns of it: only expired
   * allocs, most-expired first; exactly the shortest run of the expired allocs holding some of what
   * is short that covers it, or nothing when they all together do not.
   */
  private static void checkReclaim(Model m, Resources missing, List<Alloc> reclaimed) {
    List<Lease> candidates = m.leases.values().stream()
        .filter(l -> l.expired(m.now) && Reclaim.holdsSomeOf(l.resources, missing))
        .sorted(Comparator.comparing((Lease l) -> l.expiresAt).thenComparingLong(l -> l.order))
        .toList();
    List<String> expect = new ArrayList<>();
    Resources freed = Resources.ZERO;
    for (Lease l : candidates) {
      if (freed.covers(missing)) {
        break;
      }
      expect.add(l.id);
      freed = freed.plus(l.resources);
    }
    if (!freed.covers(missing)) {
      expect.clear();
    }
    for (Alloc a : reclaimed) {
      Lease l = m.leases.get(a.id());
      assertThat(l.state(m.now)).as("only expired allocs are reclaimed, never active ones").isEqualTo(Alloc.State.EXPIRED);
      assertThat(a.state()).isEqualTo(Alloc.State.RECLAIMED);
      assertThat(a.expiresAt()).isEqualTo(l.expiresAt);
    }
    assertThat(reclaimed).extracting(Alloc::expiresAt).as("most-expired first").isSorted();
    assertThat(reclaimed).extracting(Alloc::id).as("just enough, most-expired first").isEqualTo(expect);
    if (!reclaimed.isEmpty()) {
      Resources all = Resources.ZERO;
      for (Alloc a : reclaimed) {
        all = all.plus(a.resources());
      }
      Resources allButLast = all.minus(reclaimed.getLast().resources());
      assertThat(all.covers(missing)).as("covers the shortfall").isTrue();
      assertThat(allButLast.covers(missing)).as("one fewer would not").isFalse();
    }
    for (Alloc a : reclaimed) {
      Lease l = m.leases.get(a.id());
      l.end = Alloc.State.RECLAIMED;
      l.endedAt = m.now;
    }
  }

  private static void check(Ledger ledger, LeaseBook book, Model m) {
    Resources used = m.used();
    assertThat(ledger.used()).isEqualTo(used);
    for (String name : NAMES) {
      assertThat(used.amount(name)).as(name + " within capacity").isLessThanOrEqualTo(CAPACITY.amount(name));
    }
    Map<String, Grant> allocGrants = new LinkedHashMap<>();
    for (Grant g : ledger.grants()) {
      if (g.holder().kind() == Holder.Kind.ALLOCATION) {
        assertThat(allocGrants.put(g.holder().id(), g)).as("one grant per alloc").isNull();
      }
    }
    long ended = 0;
    Resources offered = CAPACITY;
    for (Grant g : m.functions) {
      offered = offered.minus(g.resources());
    }
    for (Lease l : m.leases.values()) {
      Optional<Alloc> a = book.get(l.id, m.now);
      if (l.collected) {
        assertThat(a).isEmpty();
      } else {
        assertThat(a.orElseThrow().state()).as("state of " + l.id).isEqualTo(l.state(m.now));
        assertThat(a.orElseThrow().expiresAt()).isEqualTo(l.expiresAt);
      }
      if (l.live()) {
        Grant g = allocGrants.get(l.id);
        assertThat(g).as("a live alloc holds its grant").isNotNull();
        assertThat(g.resources()).isEqualTo(l.resources);
        assertThat(g.expiry()).as("the grant's expiry follows the lease").contains(l.expiresAt);
        if (!l.expired(m.now)) {
          offered = offered.minus(l.resources);
        }
      } else {
        assertThat(allocGrants).as("an ended alloc holds no grant").doesNotContainKey(l.id);
        ended++;
      }
    }
    Ledger.Counts counts = ledger.counts();
    assertThat(counts.granted()).isEqualTo(m.functionsMade + m.leases.size());
    assertThat(counts.released()).as("each grant released exactly once").isEqualTo(ended + m.functionsClosed);
    assertThat(book.available(m.now)).as("capacity - function grants - unexpired leases").isEqualTo(offered);
  }
}
