package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Triggers: every field survives; name per function and source per app are unique. */
interface TriggerContract extends StoreContract {

  @Test
  default void triggerKeepsEveryField() {
    App app = store().insertApp(fx().app("app"));
    Fn fn = store().insertFn(fx().fn(app, "f"));
    Trigger trigger = new Trigger(fx().id(), "héllo-trigger", app.id(), fn.id(), "http",
        "/héllo/wörld", Map.of("fnproject.io/trigger/x", "{\"a\":\"✓\"}"),
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(store().insertTrigger(trigger)).isEqualTo(trigger);
    assertThat(store().getTrigger(trigger.id())).contains(trigger);
  }

  @Test
  default void triggerIsFoundBySourceWithinItsApp() {
    App a = store().insertApp(fx().app("a"));
    App b = store().insertApp(fx().app("b"));
    Trigger inA = store().insertTrigger(fx().trigger(store().insertFn(fx().fn(a, "f")), "t", "/x"));
    Trigger inB = store().insertTrigger(fx().trigger(store().insertFn(fx().fn(b, "f")), "t", "/x"));

    assertThat(store().getTriggerBySource(a.id(), "/x")).contains(inA);
    assertThat(store().getTriggerBySource(b.id(), "/x")).contains(inB);
    assertThat(store().getTriggerBySource(a.id(), "/y")).isEmpty();
    assertThat(store().getTriggerBySource(a.id(), "/X")).isEmpty();
  }

  @Test
  default void triggerNameIsUniquePerFunction() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    Fn g = store().insertFn(fx().fn(app, "g"));
    store().insertTrigger(fx().trigger(f, "t", "/one"));

    assertThatThrownBy(() -> store().insertTrigger(fx().trigger(f, "t", "/two")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger with name 't' already exists for this function");
    Trigger sameNameOtherFn = store().insertTrigger(fx().trigger(g, "t", "/three"));
    assertThat(store().getTrigger(sameNameOtherFn.id())).contains(sameNameOtherFn);
  }

  @Test
  default void triggerSourceIsUniquePerApp() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    Fn g = store().insertFn(fx().fn(app, "g"));
    store().insertTrigger(fx().trigger(f, "one", "/same"));

    assertThatThrownBy(() -> store().insertTrigger(fx().trigger(g, "two", "/same")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger of type 'http' with source '/same' already exists in this app");
  }

  @Test
  default void triggerNeedsAFunctionOfItsApp() {
    App app = store().insertApp(fx().app("app"));
    App other = store().insertApp(fx().app("other"));
    Fn otherFn = store().insertFn(fx().fn(other, "f"));
    Fn ghostFn = fx().fn(app, "ghost");
    Trigger crossApp = new Trigger(fx().id(), "t", app.id(), otherFn.id(), "http", "/x", Map.of(),
        Fixtures.CREATED, Fixtures.UPDATED);

    assertThatThrownBy(() -> store().insertTrigger(fx().trigger(ghostFn, "t", "/x")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
    assertThatThrownBy(() -> store().insertTrigger(crossApp))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
  }

  @Test
  default void triggerNeedsItsApp() {
    Fn orphan = fx().fn(fx().app("ghost"), "f");

    assertThatThrownBy(() -> store().insertTrigger(fx().trigger(orphan, "t", "/x")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void updateTriggerReplacesFieldsAndMayChangeFunctionWithinApp() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    Fn g = store().insertFn(fx().fn(app, "g"));
    Trigger trigger = store().insertTrigger(fx().trigger(f, "t", "/old"));
    Trigger changed = new Trigger(trigger.id(), "t2", app.id(), g.id(), "http", "/new",
        Map.of("k", "\"v\""), trigger.createdAt(), Instant.parse("2025-03-04T05:06:07.089Z"));

    assertThat(store().updateTrigger(changed)).isEqualTo(changed);
    assertThat(store().getTrigger(trigger.id())).contains(changed);
    assertThat(store().getTriggerBySource(app.id(), "/new")).contains(changed);
    assertThat(store().getTriggerBySource(app.id(), "/old")).isEmpty();
  }

  @Test
  default void updateTriggerRejectsFunctionOfAnotherAppAndMissingTrigger() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    Fn otherFn = store().insertFn(fx().fn(store().insertApp(fx().app("other")), "f"));
    Trigger trigger = store().insertTrigger(fx().trigger(f, "t", "/t"));
    Trigger crossApp = new Trigger(trigger.id(), "t", app.id(), otherFn.id(), "http", "/t",
        Map.of(), trigger.createdAt(), trigger.updatedAt());

    assertThatThrownBy(() -> store().updateTrigger(crossApp))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Fn not found");
    assertThatThrownBy(() -> store().updateTrigger(fx().trigger(f, "ghost", "/ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("Trigger not found");
    assertThat(store().getTrigger(trigger.id())).contains(trigger);
  }

  @Test
  default void updateTriggerToTakenSourceIsConflict() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    store().insertTrigger(fx().trigger(f, "one", "/one"));
    Trigger two = store().insertTrigger(fx().trigger(f, "two", "/two"));
    Trigger moved = new Trigger(two.id(), "two", app.id(), f.id(), "http", "/one", Map.of(),
        two.createdAt(), two.updatedAt());

    assertThatThrownBy(() -> store().updateTrigger(moved))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("A trigger of type 'http' with source '/one' already exists in this app");
  }

  @Test
  default void deleteTrigger() {
    App app = store().insertApp(fx().app("app"));
    Trigger trigger = store().insertTrigger(fx().trigger(store().insertFn(fx().fn(app, "f")), "t", "/t"));

    assertThat(store().deleteTrigger(trigger.id())).isTrue();
    assertThat(store().getTrigger(trigger.id())).isEmpty();
    assertThat(store().deleteTrigger(trigger.id())).isFalse();
  }
}
