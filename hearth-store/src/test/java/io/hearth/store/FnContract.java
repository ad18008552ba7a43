package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functions: every field survives; names are unique per app; the app must exist. */
interface FnContract extends StoreContract {

  @Test
  default void fnKeepsEveryField() {
    App app = store().insertApp(fx().app("app"));
    Fn fn = new Fn(fx().id(), "héllo-fn", app.id(), "registry.example.com/team/hello:1.2.3",
        512, 120, 600, Map.of("DB", "postgres://x", "ユニコード", "✓"),
        Map.of("fnproject.io/fn/x", "{\"n\":1.50,\"s\":\"\\u00e9\"}"), "GENERIC_X86_ARM",
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(store().insertFn(fn)).isEqualTo(fn);
    assertThat(store().getFn(fn.id())).contains(fn);
    assertThat(store().getFnByName(app.id(), "héllo-fn")).contains(fn);
  }

  @Test
  default void fnNeedsItsApp() {
    App ghost = fx().app("ghost");

    assertThatThrownBy(() -> store().insertFn(fx().fn(ghost, "f")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void fnNameIsUniqueWithinItsApp() {
    App a = store().insertApp(fx().app("a"));
    App b = store().insertApp(fx().app("b"));
    store().insertFn(fx().fn(a, "same"));

    assertThatThrownBy(() -> store().insertFn(fx().fn(a, "same")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with name 'same' already exists in this app");
    Fn inOtherApp = store().insertFn(fx().fn(b, "same"));
    assertThat(store().getFnByName(b.id(), "same")).contains(inOtherApp);
    assertThat(store().getFnByName(a.id(), "other")).isEmpty();
  }

  @Test
  default void fnIdIsUnique() {
    App app = store().insertApp(fx().app("app"));
    Fn fn = store().insertFn(fx().fn(app, "one"));
    Fn sameId = new Fn(fn.id(), "two", app.id(), "img", 1, 1, 1, Map.of(), Map.of(), null,
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThatThrownBy(() -> store().insertFn(sameId))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with id '" + fn.id() + "' already exists");
  }

  @Test
  default void updateFnReplacesFields() {
    App app = store().insertApp(fx().app("app"));
    Fn fn = store().insertFn(fx().fn(app, "f"));
    Fn changed = new Fn(fn.id(), "f2", app.id(), "hello:2", 1024, 300, 3600, Map.of("A", "b"),
        Map.of("x", "[]"), "GENERIC_ARM", fn.createdAt(), Instant.parse("2025-02-03T04:05:06.007Z"));

    assertThat(store().updateFn(changed)).isEqualTo(changed);
    assertThat(store().getFn(fn.id())).contains(changed);
  }

  @Test
  default void updateOfMissingFnIsNotFound() {
    App app = store().insertApp(fx().app("app"));

    assertThatThrownBy(() -> store().updateFn(fx().fn(app, "ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
  }

  @Test
  default void updateFnNeverMovesItToAnotherApp() {
    App a = store().insertApp(fx().app("a"));
    App b = store().insertApp(fx().app("b"));
    Fn fn = store().insertFn(fx().fn(a, "f"));
    Fn moved = new Fn(fn.id(), "f", b.id(), fn.image(), 128, 30, 30, Map.of(), Map.of(), null,
        fn.createdAt(), fn.updatedAt());

    assertThatThrownBy(() -> store().updateFn(moved)).isInstanceOf(StoreException.NotFound.class);
    assertThat(store().getFn(fn.id())).contains(fn);
  }

  @Test
  default void updateFnToTakenNameIsConflict() {
    App app = store().insertApp(fx().app("app"));
    store().insertFn(fx().fn(app, "one"));
    Fn two = store().insertFn(fx().fn(app, "two"));
    Fn renamed = new Fn(two.id(), "one", app.id(), two.image(), 128, 30, 30, Map.of(), Map.of(),
        null, two.createdAt(), two.updatedAt());

    assertThatThrownBy(() -> store().updateFn(renamed))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with name 'one' already exists in this app");
  }

  @Test
  default void deleteFnTakesOnlyItsTriggers() {
    App app = store().insertApp(fx().app("app"));
    Fn doomed = store().insertFn(fx().fn(app, "doomed"));
    Fn kept = store().insertFn(fx().fn(app, "kept"));
    var gone = store().insertTrigger(fx().trigger(doomed, "t", "/doomed"));
    var stays = store().insertTrigger(fx().trigger(kept, "t", "/kept"));

    assertThat(store().deleteFn(doomed.id())).isTrue();

    assertThat(store().getFn(doomed.id())).isEmpty();
    assertThat(store().getTrigger(gone.id())).isEmpty();
    assertThat(store().getTrigger(stays.id())).contains(stays);
    assertThat(store().getApp(app.id())).isPresent();
    assertThat(store().deleteFn(doomed.id())).isFalse();
  }
}
