package io.hearth.store.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.store.Cursor;
import io.hearth.store.Fixtures;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease store's conformance suite: round trips with JSON fields as given, keepalive, expiry,
 * reclaim and free and which of them apply when, re-adoption after a restart, newest-first pages
 * by owner and state, retention with its cascade, ids that never collide. Run unchanged against
 * each implementation ({@link H2LeaseStoreTest}, {@link PostgresLeaseStoreTest}, the in-memory
 * store's test in {@code hearth-testkit}).
 */
public interface LeaseStoreContract {

  /** The store under test; null when its database is not there (the test is skipped). */
  LeaseStore store();

  Fixtures fx();

  Instant T0 = Instant.parse("2024-05-06T09:00:00.000Z");
  /** A first lease of two minutes. */
  long LEASE_SECS = 120;

  @AfterEach
  default void deleteAllocs() {
    if (store() == null) {
      return;
    }
    for (int round = 0; round < 100; round++) {
      Page<AllocRecord> page = store().list(AllocQuery.first(null, 100));
      if (page.items().isEmpty()) {
        return;
      }
      page.items().forEach(r -> store().end(r.id(), AllocState.FREED, T0));
      store().deleteEnded(Instant.parse("9000-01-01T00:00:00Z"), 1000);
    }
  }

  private static Map<String, Long> room() {
    return Map.of("memory_bytes", 8L << 30, "cpu_mcpus", 4000L, "disk_bytes", 20L << 30, "gpus", 1L,
        "gpu.nvidia-a100", 1L);
  }

  private AllocRow alloc(String node, String owner, Instant created) {
    return AllocRow.active(node + "." + fx().id(), node, owner, Map.of("team", "genomics"), room(), created,
        created.plusSeconds(LEASE_SECS));
  }

  private AllocRow alloc(String owner, Instant created) {
    return alloc("runner-1", owner, created);
  }

  private ExecRow exec(AllocRow alloc, Instant created) {
    return ExecRow.pending(fx().id(), alloc.id(), "busybox:1.36", List.of("sh", "-c", "echo hi > /alloc/out"),
        Map.of("A", "1"), Map.of("memory_bytes", 1L << 30), Map.of("step", "one"), created);
  }

  private AllocRow stored(String allocId) {
    return store().get(allocId).orElseThrow().alloc();
  }

  @Test
  default void anAllocRoundTripsWithItsExecsInTheOrderTheyWereMade() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    assertThat(store().get(a.id())).contains(new AllocRecord(a, List.of()));

    ExecRow second = exec(a, T0.plusSeconds(2));
    ExecRow first = exec(a, T0.plusSeconds(1));
    store().insertExec(second);
    store().insertExec(first);
    assertThat(store().get(a.id())).contains(new AllocRecord(a, List.of(first, second)));
    assertThat(store().get("runner-1." + fx().id())).isEmpty();
  }

  @Test
  default void timesAreKeptToTheMillisecond() {
    Instant fine = T0.plusNanos(1_234_567);
    AllocRow a = AllocRow.active("runner-1." + fx().id(), "runner-1", fx().id(), Map.of(), room(), fine,
        fine.plusSeconds(LEASE_SECS));
    store().insertAlloc(a);
    ExecRow x = exec(a, fine);
    store().insertExec(x);
    assertThat(store().keepalive(a.id(), fine.plusSeconds(1), fine.plusSeconds(2))).isTrue();
    AllocRecord got = store().get(a.id()).orElseThrow();
    assertThat(got.alloc().createdAt()).isEqualTo(T0.plusMillis(1));
    assertThat(got.alloc().lastKeepaliveAt()).isEqualTo(T0.plusMillis(1001));
    assertThat(got.alloc().expiresAt()).isEqualTo(T0.plusMillis(2001));
    assertThat(got.execs().getFirst().createdAt()).isEqualTo(T0.plusMillis(1));
  }

  @Test
  default void resourcesLabelsCommandAndEnvironmentAreKeptAsGiven() {
    Map<String, String> labels = Map.of(
        "quote\"d", "a \"value\" with \\ backslash",
        "json", "{\"nested\": [1, 2.50, null]}",
        "unicode", "ünïcødé ✓ 日本",
        "lines", "one\ntwo\tthree",
        "", "empty key",
        "empty", "");
    Map<String, Long> resources = Map.of("memory_bytes", Long.MAX_VALUE, "cpu_mcpus", 0L, "disk_bytes", 1L,
        "gpus", 2L, "nvidia.com/gpu:a100", 2L, "cpu feature avx512", 1L);
    AllocRow a = new AllocRow("runner-1." + fx().id(), "runner-1", "ünï owner", labels, resources,
        AllocState.ACTIVE, T0, T0, T0.plusSeconds(LEASE_SECS), null);
    store().insertAlloc(a);
    ExecRow x = ExecRow.pending(fx().id(), a.id(), "registry.local:5000/tools/bwa@sha256:0123abcd",
        List.of("sh", "-c", "printf '%s\\n' \"$X\" > /alloc/out && echo \"done\"", "", "ünï", "two  spaces"),
        Map.of("X", "a=b;c", "EMPTY", "", "PATH", "/usr/bin:/bin"),
        Map.of("memory_bytes", 1L << 30, "nvidia.com/gpu:a100", 1L),
        Map.of(), T0);
    store().insertExec(x);

    AllocRecord got = store().get(a.id()).orElseThrow();
    assertThat(got.alloc().labels()).isEqualTo(labels);
    assertThat(got.alloc().resources()).isEqualTo(resources);
    assertThat(got.alloc().owner()).isEqualTo("ünï owner");
    ExecRow gotExec = got.execs().getFirst();
    assertThat(gotExec.cmd()).containsExactlyElementsOf(x.cmd());
    assertThat(gotExec.env()).isEqualTo(x.env());
    assertThat(gotExec.resources()).isEqualTo(Map.of("memory_bytes", 1L << 30, "nvidia.com/gpu:a100", 1L));
    assertThat(gotExec.labels()).isEmpty();
    assertThat(got).isEqualTo(new AllocRecord(a, List.of(x)));
  }

  @Test
  default void aKeepaliveRenewsTheLeaseAndRevivesAnExpiredAlloc() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    Instant runsOut = T0.plusSeconds(LEASE_SECS);

    assertThat(store().expire(a.id(), runsOut.minusMillis(1))).as("its lease runs on").isFalse();
    assertThat(stored(a.id()).state()).isEqualTo(AllocState.ACTIVE);
    assertThat(store().expire(a.id(), runsOut)).isTrue();
    assertThat(stored(a.id())).isEqualTo(new AllocRow(a.id(), a.nodeId(), a.owner(), a.labels(), a.resources(),
        AllocState.EXPIRED, T0, T0, runsOut, null));
    assertThat(store().expire(a.id(), runsOut.plusSeconds(1))).as("expired already").isFalse();

    // late: the lease ran out 30 s ago, and the keepalive revives it
    assertThat(store().keepalive(a.id(), runsOut.plusSeconds(30), runsOut.plusSeconds(330))).isTrue();
    AllocRow revived = stored(a.id());
    assertThat(revived.state()).isEqualTo(AllocState.ACTIVE);
    assertThat(revived.lastKeepaliveAt()).isEqualTo(runsOut.plusSeconds(30));
    assertThat(revived.expiresAt()).isEqualTo(runsOut.plusSeconds(330));
    assertThat(revived.createdAt()).isEqualTo(T0);

    // on time: the lease moves on, the state stays
    assertThat(store().keepalive(a.id(), runsOut.plusSeconds(60), runsOut.plusSeconds(360))).isTrue();
    assertThat(stored(a.id()).expiresAt()).isEqualTo(runsOut.plusSeconds(360));
    assertThatThrownBy(() -> store().keepalive(a.id(), T0.plusSeconds(10), T0.plusSeconds(9)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void aKeepaliveIsRefusedOnceTheAllocIsFreedOrReclaimed() {
    AllocRow freed = alloc(fx().id(), T0);
    store().insertAlloc(freed);
    assertThat(store().end(freed.id(), AllocState.FREED, T0.plusSeconds(10))).isTrue();
    assertThat(store().keepalive(freed.id(), T0.plusSeconds(11), T0.plusSeconds(131))).isFalse();
    assertThat(store().expire(freed.id(), T0.plusSeconds(500))).isFalse();
    assertThat(stored(freed.id())).isEqualTo(new AllocRow(freed.id(), freed.nodeId(), freed.owner(), freed.labels(),
        freed.resources(), AllocState.FREED, T0, T0, T0.plusSeconds(LEASE_SECS), T0.plusSeconds(10)));

    AllocRow reclaimed = alloc(fx().id(), T0);
    store().insertAlloc(reclaimed);
    assertThat(store().expire(reclaimed.id(), T0.plusSeconds(LEASE_SECS))).isTrue();
    assertThat(store().end(reclaimed.id(), AllocState.RECLAIMED, T0.plusSeconds(130))).isTrue();
    assertThat(store().keepalive(reclaimed.id(), T0.plusSeconds(131), T0.plusSeconds(251))).isFalse();
    AllocRow after = stored(reclaimed.id());
    assertThat(after.state()).isEqualTo(AllocState.RECLAIMED);
    assertThat(after.endedAt()).isEqualTo(T0.plusSeconds(130));
    assertThat(after.lastKeepaliveAt()).isEqualTo(T0);

    String nobody = "runner-1." + fx().id();
    assertThat(store().keepalive(nobody, T0, T0.plusSeconds(1))).isFalse();
    assertThat(store().expire(nobody, T0)).isFalse();
    assertThat(store().end(nobody, AllocState.FREED, T0)).isFalse();
  }

  @Test
  default void anAllocEndsOnceAndIsReclaimedOnlyOnceItsLeaseRanOut() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    assertThat(store().end(a.id(), AllocState.RECLAIMED, T0.plusSeconds(60))).as("active: never reclaimed").isFalse();
    assertThat(stored(a.id()).state()).isEqualTo(AllocState.ACTIVE);

    // a keepalive that comes before the reclaim wins
    assertThat(store().keepalive(a.id(), T0.plusSeconds(100), T0.plusSeconds(220))).isTrue();
    assertThat(store().end(a.id(), AllocState.RECLAIMED, T0.plusSeconds(130))).isFalse();
    // its lease ran out even if nobody marked it expired: reclaimable
    AllocRow b = alloc(fx().id(), T0);
    store().insertAlloc(b);
    assertThat(store().end(b.id(), AllocState.RECLAIMED, T0.plusSeconds(LEASE_SECS))).isTrue();

    assertThat(store().end(a.id(), AllocState.FREED, T0.plusSeconds(140))).isTrue();
    assertThat(store().end(a.id(), AllocState.RECLAIMED, T0.plusSeconds(300))).isFalse();
    assertThat(store().end(a.id(), AllocState.FREED, T0.plusSeconds(301))).isFalse();
    AllocRow ended = stored(a.id());
    assertThat(ended.state()).isEqualTo(AllocState.FREED);
    assertThat(ended.endedAt()).isEqualTo(T0.plusSeconds(140));

    assertThatThrownBy(() -> store().end(b.id(), AllocState.ACTIVE, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().end(b.id(), AllocState.EXPIRED, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(stored(b.id()).state()).isEqualTo(AllocState.RECLAIMED);
  }

  @Test
  default void aRestartedNodeFindsItsLiveAllocsWithTheirExecs() {
    String node = "runner-" + fx().id();
    String owner = fx().id();
    AllocRow active = alloc(node, owner, T0);
    AllocRow expired = alloc(node, owner, T0.plusSeconds(1));
    AllocRow freed = alloc(node, owner, T0.plusSeconds(2));
    AllocRow reclaimed = alloc(node, owner, T0.plusSeconds(3));
    AllocRow elsewhere = alloc("runner-" + fx().id(), owner, T0);
    for (AllocRow a : List.of(reclaimed, freed, expired, active, elsewhere)) {
      store().insertAlloc(a);
    }
    ExecRow running = exec(active, T0.plusSeconds(5)).running("4f2c0ffee", T0.plusSeconds(6));
    ExecRow done = exec(active, T0.plusSeconds(4)).running("7a11", T0.plusSeconds(4))
        .finished(ExecState.SUCCEEDED, 0, false, null, T0.plusSeconds(5));
    ExecRow pending = exec(expired, T0.plusSeconds(7));
    for (ExecRow x : List.of(running, done, pending, exec(freed, T0.plusSeconds(8)), exec(elsewhere, T0))) {
      store().insertExec(x);
    }
    assertThat(store().expire(expired.id(), T0.plusSeconds(1 + LEASE_SECS))).isTrue();
    assertThat(store().end(freed.id(), AllocState.FREED, T0.plusSeconds(9))).isTrue();
    assertThat(store().end(reclaimed.id(), AllocState.RECLAIMED, T0.plusSeconds(3 + LEASE_SECS))).isTrue();

    List<AllocRecord> live = store().liveOnNode(node);
    assertThat(live).extracting(AllocRecord::id).containsExactly(active.id(), expired.id());
    assertThat(live.get(0).execs()).containsExactly(done, running);
    assertThat(live.get(0).execs().get(1).containerId()).isEqualTo("4f2c0ffee");
    assertThat(live.get(1).alloc().state()).isEqualTo(AllocState.EXPIRED);
    assertThat(live.get(1).execs()).containsExactly(pending);
    assertThat(store().liveOnNode("runner-" + fx().id())).isEmpty();
  }

  @Test
  default void anExecGoesFromPendingToRunningToFinished() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    ExecRow x = exec(a, T0.plusSeconds(1));
    store().insertExec(x);
    assertThat(store().get(a.id()).orElseThrow().execs()).containsExactly(x);

    ExecRow running = x.running("c0ffee", T0.plusSeconds(2));
    store().updateExec(running);
    assertThat(store().get(a.id()).orElseThrow().execs()).containsExactly(running);

    ExecRow oom = running.finished(ExecState.FAILED, 137, true, "container out of memory", T0.plusSeconds(5));
    store().updateExec(oom);
    ExecRow got = store().get(a.id()).orElseThrow().execs().getFirst();
    assertThat(got).isEqualTo(oom);
    assertThat(got.exitCode()).isEqualTo(137);
    assertThat(got.oom()).isTrue();
    assertThat(got.startedAt()).isEqualTo(T0.plusSeconds(2));

    // killed before it started: no container exit code, no start
    ExecRow never = exec(a, T0.plusSeconds(3));
    store().insertExec(never);
    store().updateExec(never.finished(ExecState.KILLED, null, false, "its alloc was freed", T0.plusSeconds(4)));
    ExecRow killed = store().get(a.id()).orElseThrow().execs().getLast();
    assertThat(killed.state()).isEqualTo(ExecState.KILLED);
    assertThat(killed.exitCode()).isNull();
    assertThat(killed.startedAt()).isNull();
    assertThat(killed.containerId()).isNull();
    assertThat(killed.finishedAt()).isEqualTo(T0.plusSeconds(4));

    // what an exec runs is never rewritten
    store().updateExec(new ExecRow(x.id(), a.id(), "other:image", List.of("rm", "-rf", "/"), Map.of("B", "2"),
        Map.of(), Map.of("x", "y"), ExecState.SUCCEEDED, "c0ffee", 0, false, null, T0.plusSeconds(9),
        T0.plusSeconds(2), T0.plusSeconds(6)));
    ExecRow rewritten = store().get(a.id()).orElseThrow().execs().getFirst();
    assertThat(rewritten.image()).isEqualTo(x.image());
    assertThat(rewritten.cmd()).isEqualTo(x.cmd());
    assertThat(rewritten.env()).isEqualTo(x.env());
    assertThat(rewritten.labels()).isEqualTo(x.labels());
    assertThat(rewritten.createdAt()).isEqualTo(x.createdAt());
    assertThat(rewritten.state()).isEqualTo(ExecState.SUCCEEDED);
  }

  @Test
  default void anExecNeedsItsAlloc() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    AllocRow absent = alloc(fx().id(), T0);
    assertThatThrownBy(() -> store().insertExec(exec(absent, T0)))
        .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(absent.id());
    ExecRow x = exec(a, T0);
    assertThatThrownBy(() -> store().updateExec(x)).isInstanceOf(StoreException.NotFound.class);
    store().insertExec(x);
    ExecRow wrongAlloc = new ExecRow(x.id(), absent.id(), x.image(), x.cmd(), x.env(), x.resources(), x.labels(),
        ExecState.RUNNING, "c", null, false, null, x.createdAt(), T0, null);
    assertThatThrownBy(() -> store().updateExec(wrongAlloc)).isInstanceOf(StoreException.NotFound.class);
    assertThat(store().get(a.id()).orElseThrow().execs()).containsExactly(x);
  }

  @Test
  default void listsAllocsNewestFirstAPageAtATimeByOwnerAndState() {
    String owner = fx().id();
    List<AllocRow> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(alloc(owner, T0.plusSeconds(i)));
    }
    mine.add(alloc(owner, T0.plusSeconds(2))); // the same millisecond: the id breaks the tie
    AllocRow theirs = alloc(fx().id(), T0.plusSeconds(3));
    for (AllocRow a : mine) {
      store().insertAlloc(a);
    }
    store().insertAlloc(theirs);
    ExecRow x = exec(mine.get(4), T0.plusSeconds(4));
    store().insertExec(x);
    assertThat(store().end(mine.get(1).id(), AllocState.FREED, T0.plusSeconds(10))).isTrue();
    assertThat(store().end(mine.get(5).id(), AllocState.FREED, T0.plusSeconds(10))).isTrue();

    List<String> newestFirst = mine.stream()
        .sorted(Comparator.comparing(AllocRow::createdAt).thenComparing(AllocRow::id).reversed())
        .map(AllocRow::id).toList();
    List<AllocRecord> seen = new ArrayList<>();
    AllocQuery query = AllocQuery.first(owner, 4);
    Page<AllocRecord> page = store().list(query);
    seen.addAll(page.items());
    assertThat(page.nextCursor()).isNotNull();
    page = store().list(query.next(page));
    seen.addAll(page.items());
    assertThat(page.items()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
    assertThat(seen).extracting(AllocRecord::id).containsExactlyElementsOf(newestFirst);
    assertThat(seen.getFirst().execs()).containsExactly(x); // mine[4], the newest
    assertThat(seen.get(1).execs()).isEmpty();

    // a full last page has a cursor, and the page after it is empty
    Page<AllocRecord> all = store().list(AllocQuery.first(owner, 6));
    assertThat(all.items()).hasSize(6);
    assertThat(store().list(AllocQuery.first(owner, 6).next(all)).items()).isEmpty();

    Page<AllocRecord> freed = store().list(new AllocQuery(owner, AllocState.FREED, null, 100));
    assertThat(freed.items()).extracting(AllocRecord::id)
        .containsExactlyElementsOf(newestFirst.stream().filter(id -> id.equals(mine.get(1).id())
            || id.equals(mine.get(5).id())).toList());
    Page<AllocRecord> active = store().list(new AllocQuery(owner, AllocState.ACTIVE, null, 2));
    Page<AllocRecord> activeRest = store().list(new AllocQuery(owner, AllocState.ACTIVE, null, 2).next(active));
    assertThat(active.items()).extracting(AllocRecord::id).containsExactly(mine.get(4).id(), mine.get(3).id());
    assertThat(activeRest.items()).extracting(AllocRecord::id).containsExactly(mine.get(2).id(), mine.get(0).id());

    // without an owner: everyone's
    List<String> everyone = store().list(AllocQuery.first(null, 100)).items().stream().map(AllocRecord::id).toList();
    assertThat(everyone).containsAll(newestFirst).contains(theirs.id());
    assertThat(store().list(new AllocQuery("", AllocState.FREED, null, 100)).items())
        .allSatisfy(r -> assertThat(r.alloc().state()).isEqualTo(AllocState.FREED));
  }

  @Test
  default void aCursorFromElsewhereIsRefused() {
    assertThatThrownBy(() -> new AllocQuery(null, null, "not a cursor!", 10))
        .isInstanceOf(IllegalArgumentException.class);
    String nameCursor = Cursor.encode("some-app", null);
    assertThatThrownBy(() -> new AllocQuery(null, null, nameCursor, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next_cursor");
    assertThatThrownBy(() -> AllocState.ofWire("gone")).hasMessageContaining("active, expired, reclaimed or freed");
  }

  @Test
  default void retentionDeletesEndedAllocsWithTheirExecsAndNeverLiveOnes() {
    Instant old = Instant.parse("2001-01-01T00:00:00Z");
    String owner = fx().id();
    AllocRow endedFirst = alloc(owner, old);
    AllocRow endedSecond = alloc(owner, old);
    AllocRow endedLater = alloc(owner, old);
    AllocRow live = alloc(owner, old); // its lease ran out long ago, but nothing needed its room
    for (AllocRow a : List.of(endedFirst, endedSecond, endedLater, live)) {
      store().insertAlloc(a);
    }
    ExecRow gone = exec(endedFirst, old);
    store().insertExec(gone);
    store().insertExec(exec(endedFirst, old.plusSeconds(1)));
    store().insertExec(exec(live, old));
    store().end(endedSecond.id(), AllocState.FREED, old.plusSeconds(2));
    store().end(endedFirst.id(), AllocState.FREED, old.plusSeconds(1));
    store().end(endedLater.id(), AllocState.RECLAIMED, old.plusSeconds(LEASE_SECS + 10));
    Instant cutoff = old.plusSeconds(LEASE_SECS);

    assertThat(store().deleteEnded(cutoff, 1)).isEqualTo(1);
    assertThat(store().get(endedFirst.id())).isEmpty();
    assertThat(store().get(endedSecond.id())).isPresent();
    assertThat(store().deleteEnded(cutoff, 10)).isEqualTo(1);
    assertThat(store().deleteEnded(cutoff, 10)).isZero();
    assertThat(store().get(endedSecond.id())).isEmpty();
    assertThat(store().get(endedLater.id())).isPresent();
    assertThat(store().get(live.id()).orElseThrow().execs()).hasSize(1);
    assertThat(store().deleteEnded(Instant.parse("9000-01-01T00:00:00Z"), 10)).isEqualTo(1);
    assertThat(store().get(live.id())).isPresent();

    // the execs went with their alloc: none is left to update, and their ids are free again
    assertThatThrownBy(() -> store().updateExec(gone)).isInstanceOf(StoreException.NotFound.class);
    AllocRow next = alloc(owner, T0);
    store().insertAlloc(next);
    ExecRow reused = new ExecRow(gone.id(), next.id(), gone.image(), gone.cmd(), gone.env(), gone.resources(),
        gone.labels(), ExecState.PENDING, null, null, false, null, T0, null, null);
    store().insertExec(reused);
    assertThat(store().get(next.id()).orElseThrow().execs()).containsExactly(reused);
  }

  @Test
  default void twoAllocsOrExecsNeverShareAnId() {
    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    AllocRow sameId = AllocRow.active(a.id(), a.nodeId(), "someone else", Map.of(), Map.of(), T0.plusSeconds(1),
        T0.plusSeconds(2));
    assertThatThrownBy(() -> store().insertAlloc(sameId))
        .isInstanceOf(StoreException.Conflict.class).hasMessageContaining(a.id());
    assertThat(stored(a.id())).isEqualTo(a);

    ExecRow x = exec(a, T0);
    store().insertExec(x);
    ExecRow sameExecId = ExecRow.pending(x.id(), a.id(), "other:1", List.of(), Map.of(), Map.of(), Map.of(), T0);
    assertThatThrownBy(() -> store().insertExec(sameExecId))
        .isInstanceOf(StoreException.Conflict.class).hasMessageContaining(x.id());
    assertThat(store().get(a.id()).orElseThrow().execs()).containsExactly(x);

    // ids name their node, so the same suffix on two nodes makes two allocs
    String suffix = fx().id();
    store().insertAlloc(AllocRow.active("runner-a." + suffix, "runner-a", a.owner(), Map.of(), room(), T0, T0));
    store().insertAlloc(AllocRow.active("runner-b." + suffix, "runner-b", a.owner(), Map.of(), room(), T0, T0));
    assertThat(stored("runner-a." + suffix).nodeId()).isEqualTo("runner-a");
    assertThat(stored("runner-b." + suffix).nodeId()).isEqualTo("runner-b");
  }

  @Test
  default void ofWritersRacingWithOneIdExactlyOneWins() throws Exception {
    String id = "runner-1." + fx().id();
    int writers = 6;
    AtomicInteger won = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String owner = "writer-" + w;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          go.await();
          store().insertAlloc(AllocRow.active(id, "runner-1", owner, Map.of(), room(), T0, T0.plusSeconds(LEASE_SECS)));
          won.incrementAndGet();
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(won).hasValue(1);
    assertThat(failures).hasSize(writers - 1).allSatisfy(t -> assertThat(t).isInstanceOf(StoreException.Conflict.class));
    assertThat(stored(id).owner()).startsWith("writer-");
  }

  @Test
  default void whatTheColumnsCannotHoldIsRefusedAndLongErrorsAreCut() {
    String tooLong = "runner-1." + "x".repeat(120); // ids hold 128 characters
    assertThatThrownBy(() -> store().insertAlloc(AllocRow.active(tooLong, "runner-1", "o", Map.of(), room(), T0, T0)))
        .isInstanceOf(StoreException.class);
    assertThat(store().get(tooLong)).isEmpty();

    AllocRow a = alloc(fx().id(), T0);
    store().insertAlloc(a);
    ExecRow x = exec(a, T0);
    store().insertExec(x);
    store().updateExec(x.finished(ExecState.FAILED, 1, false, "e".repeat(5000), T0.plusSeconds(1)));
    assertThat(store().get(a.id()).orElseThrow().execs().getFirst().error()).hasSize(ExecRow.MAX_ERROR_CHARS);
  }
}
