package io.hearth.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cache between the invoke paths and the datastore, on a manual clock and a manual executor. */
class RefreshingCacheTest {
  private static final Duration TTL = Duration.ofSeconds(1);

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final Queue<Runnable> background = new ArrayDeque<>();
  private final Executor executor = background::add;
  /** The "datastore": key → value; a missing key is absent; {@code down} makes every read fail. */
  private final Map<String, String> store = new HashMap<>();
  private boolean down;
  private int reads;
  private final Function<String, Optional<String>> load = key -> {
    reads++;
    if (down) {
      throw new StoreException.Unavailable("connection refused", null);
    }
    return Optional.ofNullable(store.get(key));
  };

  private void advance(Duration d) {
    now = now.plus(d);
  }

  private void runBackground() {
    while (!background.isEmpty()) {
      background.poll().run();
    }
  }

  @Test
  void readsOncePerTtlThenServesTheOldValueWhileOneBackgroundLoadReplacesIt() {
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, TTL, executor);
    store.put("f", "v1");
    assertThat(cache.get("f", load)).contains("v1");
    assertThat(cache.get("f", load)).contains("v1");
    assertThat(reads).isEqualTo(1);

    store.put("f", "v2");
    advance(TTL);
    assertThat(cache.get("f", load)).contains("v1");
    assertThat(cache.get("f", load)).contains("v1");
    assertThat(background).hasSize(1); // one load per key at a time
    runBackground();
    assertThat(reads).isEqualTo(2);
    assertThat(cache.get("f", load)).contains("v2");
  }

  @Test
  void absenceIsNotCachedAndADeletionFoundInTheBackgroundEmptiesTheEntry() {
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, TTL, executor);
    assertThat(cache.get("f", load)).isEmpty();
    store.put("f", "v1");
    assertThat(cache.get("f", load)).contains("v1");

    store.remove("f");
    advance(TTL);
    assertThat(cache.get("f", load)).contains("v1");
    runBackground();
    assertThat(cache.get("f", load)).isEmpty();
  }

  @Test
  void whileTheDatastoreIsDownCachedValuesKeepServingAndUncachedOnesFail() {
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, TTL, executor);
    store.put("f", "v1");
    store.put("g", "w1");
    assertThat(cache.get("f", load)).contains("v1");

    down = true;
    for (int i = 0; i < 5; i++) {
      advance(TTL);
      assertThat(cache.get("f", load)).contains("v1");
      runBackground();
    }
    assertThatThrownBy(() -> cache.get("g", load)).isInstanceOf(StoreException.Unavailable.class);

    down = false;
    store.put("f", "v2");
    assertThat(cache.get("f", load)).contains("v1");
    runBackground();
    assertThat(cache.get("f", load)).contains("v2");
    assertThat(cache.get("g", load)).contains("w1");
  }

  @Test
  void aZeroTtlReadsEveryTimeAndFallsBackOnlyWhenTheDatastoreIsDown() {
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, Duration.ZERO, executor);
    store.put("f", "v1");
    assertThat(cache.get("f", load)).contains("v1");
    store.put("f", "v2");
    assertThat(cache.get("f", load)).contains("v2");
    assertThat(reads).isEqualTo(2);
    down = true;
    assertThat(cache.get("f", load)).contains("v2");
    assertThat(background).isEmpty();
  }

  @Test
  void invalidationWinsOverALoadThatStartedBeforeIt() {
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, TTL, executor);
    store.put("f", "old");
    // the load reads "old", then a change lands and invalidates before the load installs its value
    Function<String, Optional<String>> racing = key -> {
      Optional<String> read = load.apply(key);
      store.put("f", "new");
      cache.invalidate("f");
      return read;
    };
    assertThat(cache.get("f", racing)).contains("old");
    assertThat(cache.get("f", load)).contains("new");

    cache.invalidateIf("new"::equals);
    store.put("f", "newer");
    assertThat(cache.get("f", load)).contains("newer");
    cache.clear();
    store.put("f", "newest");
    assertThat(cache.get("f", load)).contains("newest");
  }

  @Test
  void aRejectedBackgroundLoadIsRetriedOnTheNextRead() {
    boolean[] reject = {true};
    Executor flaky = task -> {
      if (reject[0]) {
        throw new java.util.concurrent.RejectedExecutionException("shutting down");
      }
      background.add(task);
    };
    RefreshingCache<String, String> cache = new RefreshingCache<>(clock, TTL, flaky);
    store.put("f", "v1");
    cache.get("f", load);
    store.put("f", "v2");
    advance(TTL);
    assertThat(cache.get("f", load)).contains("v1");
    reject[0] = false;
    assertThat(cache.get("f", load)).contains("v1");
    runBackground();
    assertThat(cache.get("f", load)).contains("v2");
  }
}
