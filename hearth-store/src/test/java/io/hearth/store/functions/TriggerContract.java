package io.hearth.store.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.store.Fixtures;
import io.hearth.store.StoreException;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Triggers: every field survives; name per function and source per app are unique. */
public interface TriggerContract extends FunctionContract {

  @Test
  default void triggerKeepsEveryField() {
    App app = apps().insert(fx().app("app"));
    Fn fn = fns().insert(fx().fn(app, "f"));
    Trigger trigger = new Trigger(fx().id(), "héllo-trigger", app.id(), fn.id(), "http",
        "/héllo/wörld", Map.of("fnproject.io/trigger/x", "{\"a\":\"✓\"}"),
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(triggers().insert(trigger)).isEqualTo(trigger);
    assertThat(triggers().get(trigger.id())).contains(trigger);
  }

  @Test
  default void triggerIsFoundBySourceWithinItsApp() {
    App a = apps().insert(fx().app("a"));
    App b = apps().insert(fx().app("b"));
    Trigger inA = triggers().insert(fx().trigger(fns().insert(fx().fn(a, "f")), "t", "/x"));
    Trigger inB = triggers().insert(fx().trigger(fns().insert(fx().fn(b, "f")), "t", "/x"));

    assertThat(triggers().getBySource(a.id(), "/x")).contains(inA);
    assertThat(triggers().getBySource(b.id(), "/x")).contains(inB);
    assertThat(triggers().getBySource(a.id(), "/y")).isEmpty();
    assertThat(triggers().getBySource(a.id(), "/X")).isEmpty();
  }

  @Test
  default void triggerNameIsUniquePerFunction() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    Fn g = fns().insert(fx().fn(app, "g"));
    triggers().insert(fx().trigger(f, "t", "/one"));

    assertThatThrownBy(() -> triggers().insert(fx().trigger(f, "t", "/two")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger with name 't' already exists for this function");
    Trigger sameNameOtherFn = triggers().insert(fx().trigger(g, "t", "/three"));
    assertThat(triggers().get(sameNameOtherFn.id())).contains(sameNameOtherFn);
  }

  @Test
  default void triggerSourceIsUniquePerApp() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    Fn g = fns().insert(fx().fn(app, "g"));
    triggers().insert(fx().trigger(f, "one", "/same"));

    assertThatThrownBy(() -> triggers().insert(fx().trigger(g, "two", "/same")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger of type 'http' with source '/same' already exists in this app");
  }

  @Test
  default void triggerNeedsAFunctionOfItsApp() {
    App app = apps().insert(fx().app("app"));
    App other = apps().insert(fx().app("other"));
    Fn otherFn = fns().insert(fx().fn(other, "f"));
    Fn ghostFn = fx().fn(app, "ghost");
    Trigger crossApp = new Trigger(fx().id(), "t", app.id(), otherFn.id(), "http", "/x", Map.of(),
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThatThrownBy(() -> triggers().insert(fx().trigger(ghostFn, "t", "/x")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
    assertThatThrownBy(() -> triggers().insert(crossApp))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
  }

  @Test
  default void triggerNeedsItsApp() {
    Fn orphan = fx().fn(fx().app("ghost"), "f");

    assertThatThrownBy(() -> triggers().insert(fx().trigger(orphan, "t", "/x")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void updateTriggerReplacesFieldsAndMayChangeFunctionWithinApp() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    Fn g = fns().insert(fx().fn(app, "g"));
    Trigger trigger = triggers().insert(fx().trigger(f, "t", "/old"));
    Trigger changed = new Trigger(trigger.id(), "t2", app.id(), g.id(), "http", "/new",
        Map.of("k", "\"v\""), trigger.createdAt(), Instant.parse("2025-03-04T05:06:07.089Z"));

    assertThat(triggers().update(changed)).isEqualTo(changed);
    assertThat(triggers().get(trigger.id())).contains(changed);
    assertThat(triggers().getBySource(app.id(), "/new")).contains(changed);
    assertThat(triggers().getBySource(app.id(), "/old")).isEmpty();
  }

  @Test
  default void updateTriggerRejectsFunctionOfAnotherAppAndMissingTrigger() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    Fn otherFn = fns().insert(fx().fn(apps().insert(fx().app("other")), "f"));
    Trigger trigger = triggers().insert(fx().trigger(f, "t", "/t"));
    Trigger crossApp = new Trigger(trigger.id(), "t", app.id(), otherFn.id(), "http", "/t",
        Map.of(), trigger.createdAt(), trigger.updatedAt());

    assertThatThrownBy(() -> triggers().update(crossApp))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
    assertThatThrownBy(() -> triggers().update(fx().trigger(f, "ghost", "/ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Trigger not found");
    assertThat(triggers().get(trigger.id())).contains(trigger);
  }

  @Test
  default void updateTriggerToTakenSourceIsConflict() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    triggers().insert(fx().trigger(f, "one", "/one"));
    Trigger two = triggers().insert(fx().trigger(f, "two", "/two"));
    Trigger moved = new Trigger(two.id(), "two", app.id(), f.id(), "http", "/one", Map.of(),
        two.createdAt(), two.updatedAt());

    assertThatThrownBy(() -> triggers().update(moved))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger of type 'http' with source '/one' already exists in this app");
  }

  @Test
  default void deleteTrigger() {
    App app = apps().insert(fx().app("app"));
    Trigger trigger = triggers().insert(fx().trigger(fns().insert(fx().fn(app, "f")), "t", "/t"));

    assertThat(triggers().delete(trigger.id())).isTrue();
    assertThat(triggers().get(trigger.id())).isEmpty();
    assertThat(triggers().delete(trigger.id())).isFalse();
  }
}
