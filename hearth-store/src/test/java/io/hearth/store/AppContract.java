package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Apps: every field survives the round trip; names are unique; deletes cascade. */
interface AppContract extends StoreContract {

  @Test
  default void appKeepsEveryField() {
    App app = new App(fx().id(), "unicode-app",
        Map.of("GREETING", "héllo wörld ✓ 😀", "ключ", "値", "EMPTY", ""),
        Map.of("fnproject.io/x", "{\"a\":[1,2.50,\"é\"],\"b\":null}",
            "num", "1e2", "str", "\"\\u00e9\"", "nested", "{\"k\":{\"v\":true}}"),
        "tcp://logs.example.com:514", "GENERIC_ARM", Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(store().insertApp(app)).isEqualTo(app);
    assertThat(store().getApp(app.id())).contains(app);
    assertThat(store().getAppByName("unicode-app")).contains(app);
  }

  @Test
  default void appWithEmptyMapsAndNoOptionalFields() {
    App app = fx().app("plain");

    store().insertApp(app);

    App stored = store().getApp(app.id()).orElseThrow();
    assertThat(stored).isEqualTo(app);
    assertThat(stored.config()).isEmpty();
    assertThat(stored.annotations()).isEmpty();
    assertThat(stored.syslogUrl()).isNull();
    assertThat(stored.shape()).isNull();
  }

  @Test
  default void timestampsKeepMillisecondsAndDropFinerParts() {
    Instant fine = Instant.parse("2031-12-31T23:59:59.987654321Z");
    Instant early = Instant.parse("1999-01-02T03:04:05.001Z");
    App app = new App(fx().id(), "times", Map.of(), Map.of(), null, null, early, fine);

    App returned = store().insertApp(app);

    assertThat(returned.createdAt()).isEqualTo(early);
    assertThat(returned.updatedAt()).isEqualTo(Instant.parse("2031-12-31T23:59:59.987Z"));
    assertThat(store().getApp(app.id())).contains(returned);
  }

  @Test
  default void missingAppsAreEmpty() {
    assertThat(store().getApp(fx().id())).isEmpty();
    assertThat(store().getAppByName("nobody")).isEmpty();
    assertThat(store().deleteApp(fx().id())).isFalse();
  }

  @Test
  default void appNameIsUnique() {
    store().insertApp(fx().app("taken"));

    assertThatThrownBy(() -> store().insertApp(fx().app("taken")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with name 'taken' already exists");
  }

  @Test
  default void appIdIsUnique() {
    App app = store().insertApp(fx().app("first"));
    App sameId = new App(app.id(), "second", Map.of(), Map.of(), null, null, Fixtures.CREATED,
        Fixtures.UPDATED);

    assertThatThrownBy(() -> store().insertApp(sameId))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with id '" + app.id() + "' already exists");
  }

  @Test
  default void updateAppReplacesEveryField() {
    App app = store().insertApp(fx().app("before"));
    App changed = new App(app.id(), "after", Map.of("K", "v"), Map.of("a", "1"), "udp://x:1",
        "GENERIC_X86", app.createdAt(), Instant.parse("2025-01-01T00:00:00.999Z"));

    assertThat(store().updateApp(changed)).isEqualTo(changed);
    assertThat(store().getApp(app.id())).contains(changed);
    assertThat(store().getAppByName("before")).isEmpty();
  }

  @Test
  default void updateOfMissingAppIsNotFound() {
    assertThatThrownBy(() -> store().updateApp(fx().app("ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void updateAppToTakenNameIsConflict() {
    store().insertApp(fx().app("one"));
    App two = store().insertApp(fx().app("two"));
    App renamed = new App(two.id(), "one", Map.of(), Map.of(), null, null, two.createdAt(),
        two.updatedAt());

    assertThatThrownBy(() -> store().updateApp(renamed))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with name 'one' already exists");
    assertThat(store().getApp(two.id())).contains(two);
  }

  @Test
  default void deleteAppTakesItsFunctionsAndTriggers() {
    App doomed = store().insertApp(fx().app("doomed"));
    var fn = store().insertFn(fx().fn(doomed, "f"));
    var trigger = store().insertTrigger(fx().trigger(fn, "t", "/t"));
    App kept = store().insertApp(fx().app("kept"));
    var keptFn = store().insertFn(fx().fn(kept, "f"));
    var keptTrigger = store().insertTrigger(fx().trigger(keptFn, "t", "/t"));

    assertThat(store().deleteApp(doomed.id())).isTrue();

    assertThat(store().getApp(doomed.id())).isEmpty();
    assertThat(store().getFn(fn.id())).isEmpty();
    assertThat(store().getTrigger(trigger.id())).isEmpty();
    assertThat(store().getFn(keptFn.id())).contains(keptFn);
    assertThat(store().getTrigger(keptTrigger.id())).contains(keptTrigger);
    assertThat(store().deleteApp(doomed.id())).isFalse();
  }
}
