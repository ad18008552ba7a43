package io.hearth.server.api;

import io.hearth.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values read from the datastore, reused for {@code ttl}. After that a value is still served while
 * one background load (per key) replaces it, so a warm path never waits on the datastore — not even
 * while the datastore is down, when loads fail and the last value keeps serving. With a zero ttl
 * every read loads, falling back to the last value only when the datastore is unavailable. Absence
 * is not cached: what was just created is found at once.
 *
 * <p>Thread-safe: a concurrent map of immutable entries and a set of keys being loaded. Every
 * invalidation bumps {@code generation}; a load installs its value only if no invalidation happened
 * since it started, so a load racing a change never brings the old value back.
 */
final class RefreshingCache<K, V> {
  private static final Logger log = LoggerFactory.getLogger(RefreshingCache.class);

  private record Entry<V>(V value, Instant loadedAt) {}

  private final InstantSource clock;
  private final Duration ttl;
  private final Executor loader;
  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Set<K> loading = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();

  /** @param loader runs background loads (virtual threads in production, the caller's thread in tests) */
  RefreshingCache(InstantSource clock, Duration ttl, Executor loader) {
    this.clock = clock;
    this.ttl = ttl;
    this.loader = loader;
  }

  /**
   * The value for {@code key}, loading it with {@code load} when it is not cached.
   *
   * @throws StoreException.Unavailable when nothing is cached and the datastore cannot be reached
   */
  Optional<V> get(K key, Function<K, Optional<V>> load) {
    Instant now = clock.instant();
    Entry<V> cached = entries.get(key);
    if (cached != null && now.isBefore(cached.loadedAt().plus(ttl))) {
      return Optional.of(cached.value());
    }
    if (cached != null && !ttl.isZero()) {
      refreshInBackground(key, load);
      return Optional.of(cached.value());
    }
    try {
      return load(key, load, now);
    } catch (StoreException.Unavailable e) {
      if (cached != null) {
        return Optional.of(cached.value());
      }
      throw e;
    }
  }

  void invalidate(K key) {
    generation.incrementAndGet();
    entries.remove(key);
  }

  void invalidateIf(Predicate<V> stale) {
    generation.incrementAndGet();
    entries.values().removeIf(e -> stale.test(e.value()));
  }

  void clear() {
    generation.incrementAndGet();
    entries.clear();
  }

  private Optional<V> load(K key, Function<K, Optional<V>> load, Instant now) {
    long started = generation.get();
    Optional<V> value = load.apply(key);
    if (value.isEmpty()) {
      entries.remove(key);
    } else if (generation.get() == started) {
      Entry<V> entry = new Entry<>(value.get(), now);
      entries.put(key, entry);
      if (generation.get() != started) {
        entries.remove(key, entry); // an invalidation slipped in between the check and the put
      }
    }
    return value;
  }

  private void refreshInBackground(K key, Function<K, Optional<V>> load) {
    if (!loading.add(key)) {
      return; // one load per key at a time
    }
    try {
      loader.execute(() -> {
        try {
          load(key, load, clock.instant());
        } catch (StoreException.Unavailable e) {
          log.debug("keeping the cached value of {}: {}", key, e.getMessage());
        } catch (RuntimeException e) {
          log.warn("refreshing the cached value of {} failed", key, e);
        } finally {
          loading.remove(key);
        }
      });
    } catch (RejectedExecutionException e) {
      loading.remove(key);
    }
  }
}
