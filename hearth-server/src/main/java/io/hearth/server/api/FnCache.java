package io.hearth.server.api;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.store.functions.FunctionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * What the invoke paths read from the datastore: functions with their apps (for {@code /invoke}),
 * and app names and trigger sources (for {@code /t/}). Each is read at most once per {@code ttl};
 * after that the last answer keeps serving while it is re-read in the background, so warm calls
 * never wait on the datastore and keep working through an outage (see {@link RefreshingCache}).
 * Changes made through this node's API invalidate at once; other nodes' changes are seen within
 * the ttl (and the first call after it).
 *
 * <p>Thread-safe: three {@link RefreshingCache}s of immutable values.
 */
public final class FnCache {
  /** A function and its app, as read at {@code loadedAt}. */
  public record Entry(Fn fn, App app, Instant loadedAt) {}

  private final FunctionStore store;
  private final InstantSource clock;
  private final RefreshingCache<String, Entry> fns;
  /** app name → app id */
  private final RefreshingCache<String, String> appIds;
  /** app id + NUL + source → fn id */
  private final RefreshingCache<String, String> triggerFns;

  public FnCache(FunctionStore store, InstantSource clock, Duration ttl) {
    this(store, clock, ttl, Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fn-cache-", 0).factory()));
  }

  /** @param loader runs background re-reads */
  public FnCache(FunctionStore store, InstantSource clock, Duration ttl, Executor loader) {
    this.store = store;
    this.clock = clock;
    this.fns = new RefreshingCache<>(clock, ttl, loader);
    this.appIds = new RefreshingCache<>(clock, ttl, loader);
    this.triggerFns = new RefreshingCache<>(clock, ttl, loader);
  }

  /** The function and its app; empty when either does not exist. */
  public Optional<Entry> get(String fnId) {
    return fns.get(fnId, id -> store.fns().get(id)
        .flatMap(fn -> store.apps().get(fn.appId()).map(app -> new Entry(fn, app, clock.instant()))));
  }

  /** The id of the app with this name, if there is one. */
  public Optional<String> appId(String appName) {
    return appIds.get(appName, name -> store.apps().getByName(name).map(App::id));
  }

  /** The id of the function the app's HTTP trigger for {@code source} calls, if there is one. */
  public Optional<String> triggerFn(String appId, String source) {
    return triggerFns.get(appId + '\0' + source,
        key -> store.triggers().getBySource(appId, source).map(t -> t.fnId()));
  }

  public void invalidateFn(String fnId) {
    fns.invalidate(fnId);
    triggerFns.invalidateIf(fnId::equals);
  }

  public void invalidateApp(String appId) {
    fns.invalidateIf(e -> e.app().id().equals(appId));
    appIds.invalidateIf(appId::equals);
    triggerFns.clear();
  }

  /** A trigger was created, changed or deleted. */
  public void invalidateTriggers() {
    triggerFns.clear();
  }
}
