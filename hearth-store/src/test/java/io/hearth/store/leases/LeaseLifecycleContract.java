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
 * The lease store's lifecycle rules: keepalive, expiry, reclaim and free and which of them apply
 * when, re-adoption after a restart, an exec from pending to finished. Part of {@link
 * LeaseStoreContract}.
 */
public interface LeaseLifecycleContract extends LeaseStoreContractFixture {
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
}
