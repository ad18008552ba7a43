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
 * The lease store's conformance suite: round trips with JSON fields as given, the lifecycle rules
 * ({@link LeaseLifecycleContract}), newest-first pages by owner and state, retention with its
 * cascade, ids that never collide. Run unchanged against each implementation ({@link
 * H2LeaseStoreTest}, {@link PostgresLeaseStoreTest}, the in-memory store's test in {@code
 * hearth-testkit}).
 */
public interface LeaseStoreContract extends LeaseLifecycleContract {
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
