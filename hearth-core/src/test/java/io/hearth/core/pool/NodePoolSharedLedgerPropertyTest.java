package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.property.PropertyRun;
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
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random scenarios where the node pool's function containers and leased allocations share one
 * ledger: calls arrive, containers come up, calls end, time passes; leases are reserved with
 * expiries, closed (sometimes twice) and, when a lease finds no room, the expired ones are
 * reclaimed. After every step: the pool's bookkeeping holds (its grants are the ledger's container
 * grants, reclaimable exactly while idle), the ledger never exceeds capacity, every grant —
 * container or lease — is released once (made − released = held), and the pool never evicts a
 * lease. QuickTheories runs 200 scenarios of up to 120 steps, each on a blocking or non-blocking
 * pool, from one seed and shrinks a failing one ({@link PropertyRun}).
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

  /** One example: the steps, on a pool in blocking or non-blocking mode. */
  record Scenario(List<Op> ops, boolean nonBlocking) {
    Scenario withOps(List<Op> fewer) {
      return new Scenario(fewer, nonBlocking);
    }

    @Override
    public String toString() {
      return (nonBlocking ? "non-blocking" : "blocking") + " pool, " + PropertyRun.steps(ops);
    }
  }

  static Gen<Scenario> scenarios() {
    Gen<Integer> pick = Generate.range(0, 100);
    Gen<Op> submit = Generate.range(0, SLOTS.size() - 1).map(Submit::new);
    Gen<Op> ready = pick.map(Ready::new);
    Gen<Op> finish = pick.zip(Generate.range(0, 9).map(n -> n > 0), Finish::new);
    Gen<Op> advance = Generate.range(1, 4000).map(Advance::new);
    Gen<Op> lease = Generate.range(64, 768).zip(Generate.range(1, 10), Lease::new);
    Gen<Op> endLease = pick.zip(Generate.booleans(), EndLease::new);
    Gen<Op> op = Generate.frequency(List.of(Pair.of(6, submit), Pair.of(4, ready), Pair.of(4, finish),
        Pair.of(3, advance), Pair.of(2, lease), Pair.of(1, endLease)));
    return SourceDSL.lists().of(op).ofSizeBetween(1, 120).zip(Generate.booleans(), Scenario::new);
  }

  @Test
  void functionContainersAndLeasesShareTheLedgerSafely() {
    PropertyRun run = PropertyRun.of(NodePoolSharedLedgerPropertyTest.class);
    run.check(200, scenarios(), Scenario::ops, Scenario::withOps, s -> scenario(run, s.ops(), s.nonBlocking()));
    run.assertReached("lease short", "lease reclaimed", "retired EVICTED");
  }

  private static void scenario(PropertyRun run, List<Op> ops, boolean nonBlocking) {
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
            run.collect("lease short");
            for (Grant g : s.reclaimable()) { // the lease policy reclaims expired leases only
              if (g.holder().kind() == Holder.Kind.ALLOCATION) {
                run.collect("lease reclaimed");
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
            run.collect("retired " + rt.reason());
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
  }

  private static long nth(Set<Long> from, int pick) {
    return new ArrayList<>(from).get(pick % from.size());
  }
}
