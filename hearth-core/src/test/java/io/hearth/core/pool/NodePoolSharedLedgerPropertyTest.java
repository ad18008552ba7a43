package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random scenarios where the node pool's function containers and leased allocations share one
 * ledger: calls arrive, containers come up, calls end, time passes; leases are reserved with
 * expiries, closed (sometimes twice) and, when a lease finds no room, the expired ones are
 * reclaimed. After every step: the pool's bookkeeping holds (its grants are the ledger's container
 * grants, reclaimable exactly while idle), the ledger never exceeds capacity, every grant —
 * container or lease — is released once (made − released = held), and the pool never evicts a
 * lease.
 */
class NodePoolSharedLedgerPropertyTest {
  private static final long MB = NodePoolTest.MB;
  private static final Resources CAPACITY = new Resources(1024 * MB, 4000);
  private static final List<SlotKey> SLOTS = List.of(NodePoolTest.slot("a", 128, 3), NodePoolTest.slot("b", 256, 10),
      NodePoolTest.slot("c", 64, 1));

  sealed interface Op {}

  record Submit(int slot) implements Op {}

  record Ready(int pick) implements Op {}

  record Finish(int pick, boolean reusable) implements Op {}

  record Advance(int millis) implements Op {}

  record Lease(int memoryMb, int seconds) implements Op {}

  record EndLease(int pick, boolean twice) implements Op {}

  @Provide
  Arbitrary<List<Op>> scenarios() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 100);
    Arbitrary<Op> submit = Arbitraries.integers().between(0, SLOTS.size() - 1).map(Submit::new);
    Arbitrary<Op> ready = pick.map(Ready::new);
    Arbitrary<Op> finish = Combinators.combine(pick, Arbitraries.integers().between(0, 9).map(n -> n > 0))
        .as(Finish::new);
    Arbitrary<Op> advance = Arbitraries.integers().between(1, 4000).map(Advance::new);
    Arbitrary<Op> lease = Combinators.combine(Arbitraries.integers().between(64, 768),
        Arbitraries.integers().between(1, 10)).as(Lease::new);
    Arbitrary<Op> endLease = Combinators.combine(pick, Arbitraries.of(true, false)).as(EndLease::new);
    return Arbitraries.frequencyOf(Tuple.of(6, submit), Tuple.of(4, ready), Tuple.of(4, finish), Tuple.of(3, advance),
        Tuple.of(2, lease), Tuple.of(1, endLease)).list().ofMinSize(1).ofMaxSize(120);
  }

  @Property(tries = 200)
  void functionContainersAndLeasesShareTheLedgerSafely(@ForAll("scenarios") List<Op> ops,
      @ForAll boolean nonBlocking) {
    Ledger ledger = new Ledger(CAPACITY);
    NodePool pool = new NodePool(new PoolConfig(CAPACITY, FreezePolicy.never(), Duration.ofSeconds(5), nonBlocking),
        ledger, new LruEviction(), KeepAlivePolicy.fixedPerFunction());
    Set<Long> starting = new LinkedHashSet<>();
    Set<Long> busy = new LinkedHashSet<>();
    List<Grant> leases = new ArrayList<>();
    Map<Grant, Integer> closes = new IdentityHashMap<>();
    long leasesMade = 0;
    long containersMade = 0;
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    long nextCall = 1;
    for (Op op : ops) {
      List<Action> actions = switch (op) {
        case Submit s -> pool.submit(nextCall++, SLOTS.get(s.slot()), now);
        case Ready r -> {
          if (starting.isEmpty()) {
            yield List.of();
          }
          long c = nth(starting, r.pick());
          starting.remove(c); // assigned (an action says so) or idle
          yield pool.ready(c, now);
        }
        case Finish f -> {
          if (busy.isEmpty()) {
            yield List.of();
          }
          long c = nth(busy, f.pick());
          busy.remove(c); // idle, retired, or handed on (an action says so)
          yield pool.finished(c, f.reusable(), now);
        }
        case Advance a -> pool.tick(now = now.plusMillis(a.millis()));
        case Lease l -> {
          Holder h = Holder.of(Holder.Kind.ALLOCATION, "lease-" + leasesMade);
          Resources want = new Resources(l.memoryMb() * MB, 0);
          Optional<Instant> expiry = Optional.of(now.plusSeconds(l.seconds()));
          Reservation r = ledger.reserve(h, want, expiry, now);
          if (r instanceof Reservation.Short s) {
            Statistics.collect("lease short");
            for (Grant g : s.reclaimable()) { // the lease policy reclaims expired leases only
              if (g.holder().kind() == Holder.Kind.ALLOCATION) {
                Statistics.collect("lease reclaimed");
                g.close();
                closes.merge(g, 1, Integer::sum);
                leases.remove(g);
              }
            }
            r = ledger.reserve(h, want, expiry, now);
          }
          if (r instanceof Reservation.Granted g) {
            leases.add(g.grant());
            leasesMade++;
          }
          yield List.of();
        }
        case EndLease e -> {
          if (!leases.isEmpty()) {
            Grant g = leases.remove(e.pick() % leases.size());
            g.close();
            if (e.twice()) {
              g.close();
            }
            closes.merge(g, 1, Integer::sum);
          }
          yield List.of();
        }
      };
      for (Action a : actions) {
        switch (a) {
          case Action.Launch l -> {
            starting.add(l.container());
            containersMade++;
          }
          case Action.Assign as -> {
            starting.remove(as.container());
            busy.add(as.container());
          }
          case Action.Retire rt -> {
            starting.remove(rt.container());
            busy.remove(rt.container());
            Statistics.collect("retired " + rt.reason());
          }
          default -> { }
        }
      }
      pool.checkInvariants();
      Resources used = ledger.used();
      assertThat(CAPACITY.fits(Resources.ZERO, used)).as("ledger within capacity: " + used).isTrue();
      assertThat(ledger.grants().stream().filter(g -> g.holder().kind() == Holder.Kind.ALLOCATION))
          .as("the pool evicts no lease; the lease policy reclaims them").containsExactlyInAnyOrderElementsOf(leases);
      Ledger.Counts counts = ledger.counts();
      assertThat(counts.granted()).isEqualTo(leasesMade + containersMade);
      assertThat(counts.held()).isEqualTo(ledger.grants().size());
    }
    pool.shutdown();
    leases.forEach(Grant::close);
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
    assertThat(ledger.counts().released()).as("each grant released once").isEqualTo(leasesMade + containersMade);
    Statistics.coverage(c -> {
      c.check("lease short").count(n -> n > 0);
      c.check("lease reclaimed").count(n -> n > 0);
      c.check("retired EVICTED").count(n -> n > 0);
    });
  }

  private static long nth(Set<Long> from, int pick) {
    return new ArrayList<>(from).get(pick % from.size());
  }
}
