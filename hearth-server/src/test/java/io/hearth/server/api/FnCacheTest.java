package io.hearth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.store.Fixtures;
import io.hearth.testkit.store.InMemoryFunctionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** What the invoke paths see of the function store, on the in-memory store, a manual clock and a manual executor. */
class FnCacheTest {

  private static final Duration TTL = Duration.ofSeconds(5);

  private final Fixtures fx = new Fixtures();
  private final InMemoryFunctionStore store = new InMemoryFunctionStore();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final Queue<Runnable> background = new ArrayDeque<>();
  private final FnCache cache = new FnCache(store, clock, TTL, background::add);

  private final App app = store.apps().insert(fx.app("app"));
  private final Fn fn = store.fns().insert(fx.fn(app, "f"));

  /** The function as another node's API would save it: straight to the store, no invalidation here. */
  private Fn savedElsewhere(String image) {
    return store.fns().update(new Fn(fn.id(), fn.name(), fn.appId(), image, fn.memoryMb(), fn.timeoutSecs(),
        fn.idleTimeoutSecs(), Map.of(), Map.of(), null, fn.createdAt(), fn.updatedAt()));
  }

  @Test
  void withinTheTtlTheFirstAnswerServesUntilThisNodeInvalidatesIt() {
    assertThat(cache.get(fn.id()).orElseThrow().fn()).isEqualTo(fn);
    savedElsewhere("hearth/hello:2");

    assertThat(cache.get(fn.id()).orElseThrow().fn().image()).isEqualTo(fn.image());
    cache.invalidateFn(fn.id());
    assertThat(cache.get(fn.id()).orElseThrow().fn().image()).isEqualTo("hearth/hello:2");
    assertThat(background).isEmpty();
  }

  @Test
  void afterTheTtlTheOldAnswerServesWhileOneBackgroundReadReplacesIt() {
    cache.get(fn.id());
    savedElsewhere("hearth/hello:2");
    now = now.plus(TTL);

    assertThat(cache.get(fn.id()).orElseThrow().fn().image()).isEqualTo(fn.image());
    assertThat(cache.get(fn.id()).orElseThrow().fn().image()).isEqualTo(fn.image());
    assertThat(background).hasSize(1);
    background.remove().run();
    assertThat(cache.get(fn.id()).orElseThrow().fn().image()).isEqualTo("hearth/hello:2");
  }

  @Test
  void triggerRoutesLeadToTheirFunctionAndGoWithIt() {
    store.triggers().insert(fx.trigger(fn, "t", "/hello"));

    assertThat(cache.appId("app")).contains(app.id());
    assertThat(cache.triggerFn(app.id(), "/hello")).contains(fn.id());
    assertThat(cache.triggerFn(app.id(), "/other")).isEmpty();

    store.fns().delete(fn.id()); // its trigger goes with it
    cache.invalidateFn(fn.id());
    assertThat(cache.triggerFn(app.id(), "/hello")).isEmpty();
    assertThat(cache.get(fn.id())).isEmpty();
  }

  @Test
  void anAppChangeIsSeenByItsFunctionsAtOnce() {
    assertThat(cache.get(fn.id()).orElseThrow().app().name()).isEqualTo("app");
    store.apps().update(new App(app.id(), "renamed", Map.of("K", "v"), Map.of(), null, null, app.createdAt(),
        app.updatedAt()));

    cache.invalidateApp(app.id());
    FnCache.Entry entry = cache.get(fn.id()).orElseThrow();
    assertThat(entry.app().name()).isEqualTo("renamed");
    assertThat(entry.app().config()).containsEntry("K", "v");
    assertThat(cache.appId("app")).isEmpty();
    assertThat(cache.appId("renamed")).contains(app.id());
  }
}
