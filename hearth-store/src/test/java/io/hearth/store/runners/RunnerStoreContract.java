package io.hearth.store.runners;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner registry's conformance suite: join order kept across heartbeats and restarts,
 * concurrent joins, forgetting. Run unchanged against each implementation ({@link
 * H2RunnerStoreTest}, {@link PostgresRunnerStoreTest}, the in-memory store's test in {@code
 * hearth-testkit}).
 */
public interface RunnerStoreContract {

  /** The store under test; null when its database is not there (the test is skipped). */
  RunnerStore store();

  Fixtures fx();

  Instant R0 = Instant.parse("2024-05-06T08:00:00.000Z");

  @AfterEach
  default void forgetAllRunners() {
    if (store() != null) {
      store().forget(Instant.parse("9000-01-01T00:00:00Z"));
    }
  }

  @Test
  default void runnersKeepTheOrderTheyJoinedInAcrossHeartbeats() {
    String a = fx().id();
    String b = fx().id();
    store().heartbeat(b, "127.0.0.1:9191", false, R0);
    store().heartbeat(a, "127.0.0.1:9190", false, R0.plusMillis(5));
    store().heartbeat(b, "127.0.0.1:9292", true, R0.plusSeconds(1));
    List<RunnerRow> rows = store().list();
    assertThat(rows).extracting(RunnerRow::id).containsExactly(b, a);
    RunnerRow first = rows.getFirst();
    assertThat(first.address()).isEqualTo("127.0.0.1:9292");
    assertThat(first.draining()).isTrue();
    assertThat(first.joinedAt()).isEqualTo(R0);
    assertThat(first.heartbeatAt()).isEqualTo(R0.plusSeconds(1));
    assertThat(rows.get(1).seq()).isGreaterThan(first.seq());
  }

  @Test
  default void aRunnerSilentTooLongIsForgottenAndRejoinsAtTheEnd() {
    String a = fx().id();
    String b = fx().id();
    store().heartbeat(a, "h:1", false, R0);
    store().heartbeat(b, "h:2", false, R0.plusSeconds(60));
    assertThat(store().forget(R0.plusSeconds(30))).isEqualTo(1);
    assertThat(store().list()).extracting(RunnerRow::id).containsExactly(b);
    store().heartbeat(a, "h:1", false, R0.plusSeconds(61));
    assertThat(store().list()).extracting(RunnerRow::id).containsExactly(b, a);
  }

  @Test
  default void runnersJoiningAtOnceEachGetTheirOwnPlace() throws Exception {
    List<Thread> threads = new ArrayList<>();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 6; i++) {
      String id = fx().id();
      ids.add(id);
      threads.add(Thread.ofVirtual().start(() -> store().heartbeat(id, "h:" + id, false, R0)));
    }
    for (Thread t : threads) {
      t.join();
    }
    List<RunnerRow> rows = store().list();
    assertThat(rows).extracting(RunnerRow::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(rows.stream().map(RunnerRow::seq).distinct().count()).isEqualTo(6);
  }
}
