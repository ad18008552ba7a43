package io.hearth.store.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.store.Fixtures;
import io.hearth.store.StoreException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Apps: every field survives the round trip; names are unique; deletes cascade. */
public interface AppContract extends FunctionContract {

  @Test
  default void appKeepsEveryField() {
    App app = new App(fx().id(), "unicode-app",
        Map.of("GREETING", "héllo wörld ✓ 😀", "ключ", "値", "EMPTY", ""),
        Map.of("fnproject.io/x", "{\"a\":[1,2.50,\"é\"],\"b\":null}",
            "num", "1e2", "str", "\"\\u00e9\"", "nested", "{\"k\":{\"v\":true}}"),
        "tcp://logs.example.com:514", "GENERIC_ARM", Fixtures.CREATED, Fixtures.UPDATED);

    assertThat(apps().insert(app)).isEqualTo(app);
    assertThat(apps().get(app.id())).contains(app);
    assertThat(apps().getByName("unicode-app")).contains(app);
  }

  @Test
  default void appWithEmptyMapsAndNoOptionalFields() {
    App app = fx().app("plain");

    apps().insert(app);

    App stored = apps().get(app.id()).orElseThrow();
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

    App returned = apps().insert(app);

    assertThat(returned.createdAt()).isEqualTo(early);
    assertThat(returned.updatedAt()).isEqualTo(Instant.parse("2031-12-31T23:59:59.987Z"));
    assertThat(apps().get(app.id())).contains(returned);
  }

  @Test
  default void missingAppsAreEmpty() {
    assertThat(apps().get(fx().id())).isEmpty();
    assertThat(apps().getByName("nobody")).isEmpty();
    assertThat(apps().delete(fx().id())).isFalse();
  }

  @Test
  default void appNameIsUnique() {
    apps().insert(fx().app("taken"));

    assertThatThrownBy(() -> apps().insert(fx().app("taken")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with name 'taken' already exists");
  }

  @Test
  default void appIdIsUnique() {
    App app = apps().insert(fx().app("first"));
    App sameId = new App(app.id(), "second", Map.of(), Map.of(), null, null, Fixtures.CREATED,
        Fixtures.UPDATED);

    assertThatThrownBy(() -> apps().insert(sameId))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with id '" + app.id() + "' already exists");
  }

  @Test
  default void updateAppReplacesEveryField() {
    App app = apps().insert(fx().app("before"));
    App changed = new App(app.id(), "after", Map.of("K", "v"), Map.of("a", "1"), "udp://x:1",
        "GENERIC_X86", app.createdAt(), Instant.parse("2025-01-01T00:00:00.999Z"));

    assertThat(apps().update(changed)).isEqualTo(changed);
    assertThat(apps().get(app.id())).contains(changed);
    assertThat(apps().getByName("before")).isEmpty();
  }

  @Test
  default void updateOfMissingAppIsNotFound() {
    assertThatThrownBy(() -> apps().update(fx().app("ghost")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("App not found");
  }

  @Test
  default void updateAppToTakenNameIsConflict() {
    apps().insert(fx().app("one"));
    App two = apps().insert(fx().app("two"));
    App renamed = new App(two.id(), "one", Map.of(), Map.of(), null, null, two.createdAt(),
        two.updatedAt());

    assertThatThrownBy(() -> apps().update(renamed))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("An app with name 'one' already exists");
    assertThat(apps().get(two.id())).contains(two);
  }

  @Test
  default void deleteAppTakesItsFunctionsAndTriggers() {
    App doomed = apps().insert(fx().app("doomed"));
    var fn = fns().insert(fx().fn(doomed, "f"));
    var trigger = triggers().insert(fx().trigger(fn, "t", "/t"));
    App kept = apps().insert(fx().app("kept"));
    var keptFn = fns().insert(fx().fn(kept, "f"));
    var keptTrigger = triggers().insert(fx().trigger(keptFn, "t", "/t"));

    assertThat(apps().delete(doomed.id())).isTrue();

    assertThat(apps().get(doomed.id())).isEmpty();
    assertThat(fns().get(fn.id())).isEmpty();
    assertThat(triggers().get(trigger.id())).isEmpty();
    assertThat(fns().get(keptFn.id())).contains(keptFn);
    assertThat(triggers().get(keptTrigger.id())).contains(keptTrigger);
    assertThat(apps().delete(doomed.id())).isFalse();
  }
}
