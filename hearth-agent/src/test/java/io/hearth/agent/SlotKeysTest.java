package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotKeysTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static App app() {
    return new App("app1", "app", Map.of("A", "1"), Map.of(), "", "GENERIC_X86", T, T);
  }

  private static Fn fn(String image) {
    return new Fn("fn1", "fn", "app1", image, 128, Fn.DEFAULT_TIMEOUT_SECS, Fn.DEFAULT_IDLE_TIMEOUT_SECS,
        Map.of("B", "2"), Map.of(), "", T, T);
  }

  @Test
  void equalKeysFromOtherObjectsAreTheSameObject() {
    SlotKeys keys = new SlotKeys();
    SlotKey first = keys.of(app(), fn("img:1"));
    SlotKey again = keys.of(app(), fn("img:1")); // equal app and fn, other objects (a prewarm's, a reload's)
    assertThat(again).isSameAs(first);
  }

  @Test
  void aChangedFunctionGetsItsNewKey() {
    SlotKeys keys = new SlotKeys();
    SlotKey first = keys.of(app(), fn("img:1"));
    SlotKey changed = keys.of(app(), fn("img:2"));
    assertThat(changed).isNotEqualTo(first);
    assertThat(changed).isEqualTo(SlotKey.of(app(), fn("img:2")));
  }

  @Test
  void aForgottenFunctionStartsAfresh() {
    SlotKeys keys = new SlotKeys();
    SlotKey first = keys.of(app(), fn("img:1"));
    keys.forget("fn1");
    SlotKey after = keys.of(app(), fn("img:1"));
    assertThat(after).isEqualTo(first).isNotSameAs(first);
  }
}
