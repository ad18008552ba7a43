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
 * What the lease store's contracts share: the store under test, ids, the clock's origin, rows to
 * store, and a clean store after each test.
 */
public interface LeaseStoreContractFixture {

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

  default Map<String, Long> room() {
    return Map.of("memory_bytes", 8L << 30, "cpu_mcpus", 4000L, "disk_bytes", 20L << 30, "gpus", 1L,
        "gpu.nvidia-a100", 1L);
  }

  default AllocRow alloc(String node, String owner, Instant created) {
    return AllocRow.active(node + "." + fx().id(), node, owner, Map.of("team", "genomics"), room(), created,
        created.plusSeconds(LEASE_SECS));
  }

  default AllocRow alloc(String owner, Instant created) {
    return alloc("runner-1", owner, created);
  }

  default ExecRow exec(AllocRow alloc, Instant created) {
    return ExecRow.pending(fx().id(), alloc.id(), "busybox:1.36", List.of("sh", "-c", "echo hi > /alloc/out"),
        Map.of("A", "1"), Map.of("memory_bytes", 1L << 30), Map.of("step", "one"), created);
  }

  default AllocRow stored(String allocId) {
    return store().get(allocId).orElseThrow().alloc();
  }
}
