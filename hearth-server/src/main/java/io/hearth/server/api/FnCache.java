package io.hearth.server.api;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.store.Datastore;
import io.hearth.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Functions and their apps as the invoke path needs them, read from the datastore at most once per
 * {@code ttl} per function. When the datastore is unavailable, the last known answer keeps serving,
 * so warm functions keep working through a database outage. Changes made through this node's API
 * invalidate at once; other nodes' changes are seen within the ttl.
 *
 * <p>Thread-safe: a concurrent map of immutable entries; two threads may both refresh an entry,
 * which is harmless.
 */
public final class FnCache {
  /** A function and its app, as read at {@code loadedAt}. */
  public record Entry(Fn fn, App app, Instant loadedAt) {}

  private final Datastore store;
  private final InstantSource clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public FnCache(Datastore store, InstantSource clock, Duration ttl) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The function and its app; empty when either does not exist. */
  public Optional<Entry> get(String fnId) {
    Instant now = clock.instant();
    Entry cached = entries.get(fnId);
    if (cached != null && now.isBefore(cached.loadedAt().plus(ttl))) {
      return Optional.of(cached);
    }
    try {
      Optional<Fn> fn = store.getFn(fnId);
      Optional<App> app = fn.flatMap(f -> store.getApp(f.appId()));
      if (fn.isEmpty() || app.isEmpty()) {
        entries.remove(fnId);
        return Optional.empty();
      }
      Entry fresh = new Entry(fn.get(), app.get(), now);
      entries.put(fnId, fresh);
      return Optional.of(fresh);
    } catch (StoreException.Unavailable e) {
      if (cached != null) {
        return Optional.of(cached);
      }
      throw e;
    }
  }

  public void invalidateFn(String fnId) {
    entries.remove(fnId);
  }

  public void invalidateApp(String appId) {
    entries.values().removeIf(e -> e.app().id().equals(appId));
  }
}
