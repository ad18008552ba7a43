package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.LeaseBook;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.Shortfall;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random scenarios where the node pool and a real lease book share one ledger and make room for
 * each other as the node wires them: the pool's room maker reclaims expired allocs from the book,
 * and an alloc that finds no room, after the book reclaimed what it could, has the pool evict idle
 * containers ({@link NodePool#makeRoom}) and tries again. Calls arrive, containers come up, calls
 * end; allocs are created, kept alive and freed; time passes. After every step: the ledger never
 * exceeds capacity, the pool's bookkeeping holds, no busy or starting container was evicted, no
 * alloc was reclaimed while its lease ran, and every grant made is held or released (made −
 * released = held).
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

  @Provide
  Arbitrary<List<Op>> scenarios() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 100);
    Arbitrary<Op> submit = Arbitraries.integers().between(0, SLOTS.size() - 1).map(Submit::new);
    Arbitrary<Op> ready = pick.map(Ready::new);
    Arbitrary<Op> finish = Combinators.combine(pick, Arbitraries.integers().between(0, 9).map(n -> n > 0))
        .as(Finish::new);
    Arbitrary<Op> advance = Arbitraries.integers().between(1, 8000).map(Advance::new);
    Arbitrary<Op> create = Combinators.combine(Arbitraries.integers().between(32, 700),
        Arbitraries.integers().between(0, 2000), Arbitraries.integers().between(1, 8), Arbitraries.of(true, false))
        .as(Create::new);
    Arbitrary<Op> keepalive = Combinators.combine(pick, Arbitraries.integers().between(1, 8)).as(Keepalive::new);
    Arbitrary<Op> free = pick.map(Free::new);
    return Arbitraries.frequencyOf(Tuple.of(6, submit), Tuple.of(4, ready), Tuple.of(4, finish), Tuple.of(3, advance),
        Tuple.of(3, create), Tuple.of(1, keepalive), Tuple.of(1, free)).list().ofMinSize(1).ofMaxSize(100);
  }

  @Property(tries = 200)
  void functionsAndLeasesMakeRoomForEachOtherWithinCapacity(@ForAll("scenarios") List<Op> ops,
      @ForAll boolean nonBlocking) {
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
            Statistics.collect(evicted.isEmpty() ? "no idle room for an alloc" : "idle evicted for an alloc");
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
        Statistics.collect(reclaimedForCalls.contains(a) ? "reclaimed for a call" : "reclaimed for an alloc");
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
            Statistics.collect("retired " + rt.reason());
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
    Statistics.coverage(c -> {
      c.check("reclaimed for a call").count(n -> n > 0);
      c.check("idle evicted for an alloc").count(n -> n > 0);
    });
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
