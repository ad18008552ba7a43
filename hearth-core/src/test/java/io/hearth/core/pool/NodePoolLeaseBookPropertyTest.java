package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.LeaseBook;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.Shortfall;
import io.hearth.core.property.PropertyRun;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Random scenarios where the node pool and a real lease book share one ledger and make room for
 * each other as the node wires them: the pool's room maker reclaims expired allocs from the book,
 * and an alloc that finds no room, after the book reclaimed what it could, has the pool evict idle
 * containers ({@link NodePool#makeRoom}) and tries again. Calls arrive, containers come up, calls
 * end; allocs are created, kept alive and freed; time passes. After every step: the ledger never
 * exceeds capacity, the pool's bookkeeping holds, no busy or starting container was evicted, no
 * alloc was reclaimed while its lease ran, and every grant made is held or released (made −
 * released = held). QuickTheories runs 200 scenarios of up to 100 steps, each on a blocking or
 * non-blocking pool, from one seed and shrinks a failing one ({@link PropertyRun}).
 */
class NodePoolLeaseBookPropertyTest {
  private static final long MB = NodePoolTest.MB;
  private static final Resources CAPACITY = new Resources(1024 * MB, 4000);
  private static final List<SlotKey> SLOTS = List.of(
      new SlotKey("a", "img/a", 128, 500, 30, 3, Map.of(), 0),
      new SlotKey("b", "img/b", 256, 1000, 30, 10, Map.of(), 0),
      new SlotKey("c", "img/c", 64, 0, 30, 1, Map.of(), 0));

  sealed interface Op {}

  record Submit(int slot) implements Op {}

  record Ready(int pick) implements Op {}

  record Finish(int pick, boolean reusable) implements Op {}

  record Advance(int millis) implements Op {}

  record Create(int memoryMb, int cpuMillis, int leaseSecs, boolean evictIdle) implements Op {}

  record Keepalive(int pick, int secs) implements Op {}

  record Free(int pick) implements Op {}

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
    Gen<Op> advance = Generate.range(1, 8000).map(Advance::new);
    Gen<Op> create = Generate.range(32, 700).zip(Generate.range(0, 2000), Generate.range(1, 8), Generate.booleans(),
        Create::new);
    Gen<Op> keepalive = pick.zip(Generate.range(1, 8), Keepalive::new);
    Gen<Op> free = pick.map(Free::new);
    Gen<Op> op = Generate.frequency(List.of(Pair.of(6, submit), Pair.of(4, ready), Pair.of(4, finish),
        Pair.of(3, advance), Pair.of(3, create), Pair.of(1, keepalive), Pair.of(1, free)));
    return SourceDSL.lists().of(op).ofSizeBetween(1, 100).zip(Generate.booleans(), Scenario::new);
  }

  @Test
  void functionsAndLeasesMakeRoomForEachOtherWithinCapacity() {
    PropertyRun run = PropertyRun.of(NodePoolLeaseBookPropertyTest.class);
    run.check(200, scenarios(), Scenario::ops, Scenario::withOps, s -> scenario(run, s.ops(), s.nonBlocking()));
    run.assertReached("reclaimed for a call", "reclaimed for an alloc", "idle evicted for an alloc");
  }

  private static void scenario(PropertyRun run, List<Op> ops, boolean nonBlocking) {
    Ledger ledger = new Ledger(CAPACITY);
    int[] ids = {0};
    LeaseBook book = new LeaseBook(ledger, Duration.ofSeconds(30), () -> "a" + ++ids[0]);
    List<Alloc> reclaimedForCalls = new ArrayList<>();
    NodePool pool = new NodePool(new PoolConfig(CAPACITY, FreezePolicy.never(), Duration.ofSeconds(5), nonBlocking),
        ledger, new LruEviction(), KeepAlivePolicy.fixedPerFunction(), (missing, now) -> {
          List<Alloc> taken = book.reclaimFor(missing, now);
          reclaimedForCalls.addAll(taken);
          return !taken.isEmpty();
        });
    Set<Long> starting = new LinkedHashSet<>();
    Set<Long> busy = new LinkedHashSet<>();
    List<String> live = new ArrayList<>();
    Map<String, Instant> expiresAt = new HashMap<>(); // the model's own lease ends
    long containersMade = 0;
    long allocsMade = 0;
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    long nextCall = 1;
    for (Op op : ops) {
      reclaimedForCalls.clear();
      List<Alloc> reclaimedForAllocs = new ArrayList<>();
      Set<Long> wereBusyOrStarting = new LinkedHashSet<>(busy);
      wereBusyOrStarting.addAll(starting);
      List<Action> actions = new ArrayList<>();
      switch (op) {
        case Submit s -> actions.addAll(pool.submit(nextCall++, SLOTS.get(s.slot()), now));
        case Ready r -> {
          if (!starting.isEmpty()) {
            long c = nth(starting, r.pick());
            starting.remove(c); // assigned (an action says so) or idle
            wereBusyOrStarting.remove(c); // idle, it may be evicted for a waiting call at once
            actions.addAll(pool.ready(c, now));
          }
        }
        case Finish f -> {
          if (!busy.isEmpty()) {
            long c = nth(busy, f.pick());
            busy.remove(c); // idle, retired, or handed on (an action says so)
            wereBusyOrStarting.remove(c); // idle, it may be evicted for a waiting call at once
            actions.addAll(pool.finished(c, f.reusable(), now));
          }
        }
        case Advance a -> actions.addAll(pool.tick(now = now.plusMillis(a.millis())));
        case Create c -> {
          Resources want = new Resources(c.memoryMb() * MB, c.cpuMillis());
          Optional<Duration> lease = Optional.of(Duration.ofSeconds(c.leaseSecs()));
          CreateAnswer answer = book.create("me", Map.of(), want, lease, now);
          reclaimedForAllocs.addAll(answer.reclaimed());
          if (answer instanceof CreateAnswer.NoFit no && no.couldEverFit() && c.evictIdle()) {
            List<Action> evicted = pool.makeRoom(missing(no.shortfalls()), now);
            run.collect(evicted.isEmpty() ? "no idle room for an alloc" : "idle evicted for an alloc");
            actions.addAll(evicted);
            if (!evicted.isEmpty()) {
              answer = book.create("me", Map.of(), want, lease, now);
              reclaimedForAllocs.addAll(answer.reclaimed());
            }
          }
          if (answer instanceof CreateAnswer.Created made) {
            allocsMade++;
            live.add(made.alloc().id());
            expiresAt.put(made.alloc().id(), made.alloc().expiresAt());
          }
        }
        case Keepalive k -> {
          if (!live.isEmpty()) {
            String id = live.get(k.pick() % live.size());
            book.keepalive(id, Duration.ofSeconds(k.secs()), now);
            expiresAt.put(id, now.plusSeconds(k.secs()));
          }
        }
        case Free f -> {
          if (!live.isEmpty()) {
            book.free(live.remove(f.pick() % live.size()), now);
            actions.addAll(pool.roomFreed(now));
          }
        }
      }
      List<Alloc> reclaimed = new ArrayList<>(reclaimedForCalls);
      reclaimed.addAll(reclaimedForAllocs);
      for (Alloc a : reclaimed) {
        run.collect(reclaimedForCalls.contains(a) ? "reclaimed for a call" : "reclaimed for an alloc");
        assertThat(now).as("alloc %s reclaimed before its lease ran out", a.id()).isAfterOrEqualTo(expiresAt.get(a.id()));
        live.remove(a.id());
      }
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
            if (rt.reason() == Action.RetireReason.EVICTED) {
              assertThat(wereBusyOrStarting).as("evicted a busy or starting container").doesNotContain(rt.container());
            }
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
      for (String id : live) {
        assertThat(book.get(id, now).orElseThrow().state().ended()).as("live alloc %s", id).isFalse();
      }
      Ledger.Counts counts = ledger.counts();
      assertThat(counts.granted()).isEqualTo(allocsMade + containersMade);
      assertThat(counts.held()).isEqualTo(ledger.grants().size());
    }
    pool.shutdown();
    live.forEach(id -> book.free(id, Instant.MAX));
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
  }

  private static Resources missing(List<Shortfall> shortfalls) {
    Resources r = Resources.ZERO;
    for (Shortfall f : shortfalls) {
      r = r.with(f.resource(), f.amount());
    }
    return r;
  }

  private static long nth(Set<Long> from, int pick) {
    return new ArrayList<>(from).get(pick % from.size());
  }
}
