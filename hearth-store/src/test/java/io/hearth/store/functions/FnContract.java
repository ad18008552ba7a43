package io.hearth.store.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.store.Fixtures;
import io.hearth.store.StoreException;
import io.hearth.core.model.Fn;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functions: every field survives; names are unique per app; the app must exist. */
public interface FnContract extends FunctionContract {

  @Test
  default void fnKeepsEveryField() {
    App app = apps().insert(fx().app("app"));
    Fn fn = new Fn(fx().id(), "héllo-fn", app.id(), "registry.example.com/team/hello:1.2.3",
        512, 120, 600, Map.of("DB", "postgres://x", "ユニコード", "✓"),
        Map.of("fnproject.io/fn/x", "{\"n\":1.50,\"s\":\"\\u00e9\"}"), "GENERIC_X86_ARM",
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(fns().insert(fn)).isEqualTo(fn);
    assertThat(fns().get(fn.id())).contains(fn);
    assertThat(fns().getByName(app.id(), "héllo-fn")).contains(fn);
  }

  @Test
  default void fnNeedsItsApp() {
    App ghost = fx().app("ghost");

    assertThatThrownBy(() -> fns().insert(fx().fn(ghost, "f")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void fnNameIsUniqueWithinItsApp() {
    App a = apps().insert(fx().app("a"));
    App b = apps().insert(fx().app("b"));
    fns().insert(fx().fn(a, "same"));

    assertThatThrownBy(() -> fns().insert(fx().fn(a, "same")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with name 'same' already exists in this app");
    Fn inOtherApp = fns().insert(fx().fn(b, "same"));
    assertThat(fns().getByName(b.id(), "same")).contains(inOtherApp);
    assertThat(fns().getByName(a.id(), "other")).isEmpty();
  }

  @Test
  default void fnIdIsUnique() {
    App app = apps().insert(fx().app("app"));
    Fn fn = fns().insert(fx().fn(app, "one"));
    Fn sameId = new Fn(fn.id(), "two", app.id(), "img", 1, 1, 1, Map.of(), Map.of(), null,
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThatThrownBy(() -> fns().insert(sameId))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with id '" + fn.id() + "' already exists");
  }

  @Test
  default void updateFnReplacesFields() {
    App app = apps().insert(fx().app("app"));
    Fn fn = fns().insert(fx().fn(app, "f"));
    Fn changed = new Fn(fn.id(), "f2", app.id(), "hello:2", 1024, 300, 3600, Map.of("A", "b"),
        Map.of("x", "[]"), "GENERIC_ARM", fn.createdAt(), Instant.parse("2025-02-03T04:05:06.007Z"));

    assertThat(fns().update(changed)).isEqualTo(changed);
    assertThat(fns().get(fn.id())).contains(changed);
  }

  @Test
  default void updateOfMissingFnIsNotFound() {
    App app = apps().insert(fx().app("app"));

    assertThatThrownBy(() -> fns().update(fx().fn(app, "ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
  }

  @Test
  default void updateFnNeverMovesItToAnotherApp() {
    App a = apps().insert(fx().app("a"));
    App b = apps().insert(fx().app("b"));
    Fn fn = fns().insert(fx().fn(a, "f"));
    Fn moved = new Fn(fn.id(), "f", b.id(), fn.image(), 128, 30, 30, Map.of(), Map.of(), null,
        fn.createdAt(), fn.updatedAt());

    assertThatThrownBy(() -> fns().update(moved)).isInstanceOf(StoreException.NotFound.class);
    assertThat(fns().get(fn.id())).contains(fn);
  }

  @Test
  default void updateFnToTakenNameIsConflict() {
    App app = apps().insert(fx().app("app"));
    fns().insert(fx().fn(app, "one"));
    Fn two = fns().insert(fx().fn(app, "two"));
    Fn renamed = new Fn(two.id(), "one", app.id(), two.image(), 128, 30, 30, Map.of(), Map.of(),
        null, two.createdAt(), two.updatedAt());

    assertThatThrownBy(() -> fns().update(renamed))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A function with name 'one' already exists in this app");
  }

  @Test
  default void deleteFnTakesOnlyItsTriggers() {
    App app = apps().insert(fx().app("app"));
    Fn doomed = fns().insert(fx().fn(app, "doomed"));
    Fn kept = fns().insert(fx().fn(app, "kept"));
    var gone = triggers().insert(fx().trigger(doomed, "t", "/doomed"));
    var stays = triggers().insert(fx().trigger(kept, "t", "/kept"));

    assertThat(fns().delete(doomed.id())).isTrue();

    assertThat(fns().get(doomed.id())).isEmpty();
    assertThat(triggers().get(gone.id())).isEmpty();
    assertThat(triggers().get(stays.id())).contains(stays);
    assertThat(apps().get(app.id())).isPresent();
    assertThat(fns().delete(doomed.id())).isFalse();
  }
}
