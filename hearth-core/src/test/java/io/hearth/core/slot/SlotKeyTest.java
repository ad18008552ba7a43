package io.hearth.core.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotKeyTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final App app = new App("A1", "shop", Map.of("LEVEL", "app", "SHARED", "app"), Map.of(), null, null, T, T);
  private final Fn fn = new Fn("F1", "cart", "A1", "shop/cart:1", 256, 10, 60, Map.of("SHARED", "fn"), Map.of(),
      null, T, T);

  @Test
  void containerEnvironmentLayersAppThenFnThenTheContract() {
    Map<String, String> env = SlotKey.of(app, fn).env();
    assertThat(env).containsEntry("LEVEL", "app").containsEntry("SHARED", "fn")
        .containsEntry("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock").containsEntry("FN_FORMAT", "http-stream")
        .containsEntry("FN_MEMORY", "256").containsEntry("FN_TYPE", "sync").containsEntry("FN_FN_ID", "F1")
        .containsEntry("FN_APP_ID", "A1").containsEntry("FN_APP_NAME", "shop").containsEntry("FN_FN_NAME", "cart");
  }

  @Test
  void theContractWinsOverConfig() {
    Fn sneaky = new Fn("F1", "cart", "A1", "img", 128, 30, 30, Map.of("FN_LISTENER", "unix:/etc/x"), Map.of(),
        null, T, T);
    assertThat(SlotKey.of(app, sneaky).env()).containsEntry("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock");
  }

  @Test
  void anythingThatShapesTheContainerChangesTheKey() {
    SlotKey base = SlotKey.of(app, fn);
    assertThat(SlotKey.of(app, fn)).isEqualTo(base);
    assertThat(SlotKey.of(app, withImage("shop/cart:2"))).isNotEqualTo(base);
    assertThat(SlotKey.of(app, new Fn("F1", "cart", "A1", "shop/cart:1", 512, 10, 60, fn.config(), Map.of(), null,
        T, T))).isNotEqualTo(base);
    App changedConfig = new App("A1", "shop", Map.of("LEVEL", "changed"), Map.of(), null, null, T, T);
    assertThat(SlotKey.of(changedConfig, fn)).isNotEqualTo(base);
  }

  @Test
  void annotationsAndTimestampsDoNotChangeTheKey() {
    Fn annotated = new Fn("F1", "cart", "A1", "shop/cart:1", 256, 10, 60, Map.of("SHARED", "fn"),
        Map.of("team", "\"web\""), null, T, T.plusSeconds(60));
    assertThat(SlotKey.of(app, annotated)).isEqualTo(SlotKey.of(app, fn));
  }

  @Test
  void initTimeoutComesFromTheAnnotation() {
    Fn jvm = new Fn("F1", "cart", "A1", "img", 128, 30, 30, Map.of(),
        Map.of(SlotKey.INIT_TIMEOUT_ANNOTATION, "30000"), null, T, T);
    assertThat(SlotKey.of(app, jvm).initTimeoutMillis()).isEqualTo(30_000);
    assertThat(SlotKey.of(app, fn).initTimeoutMillis()).isZero();
    assertThat(SlotKey.positive("\"15000\"")).isEqualTo(15_000);
    assertThat(SlotKey.positive("\"soon\"")).isZero();
    assertThat(SlotKey.positive("-5")).isZero();
  }

  @Test
  void minWarmComesFromTheAnnotationAndDoesNotChangeTheKey() {
    Fn warm = new Fn("F1", "cart", "A1", fn.image(), fn.memoryMb(), fn.timeoutSecs(), fn.idleTimeoutSecs(),
        fn.config(), Map.of(SlotKey.MIN_WARM_ANNOTATION, "2"), null, T, T);
    assertThat(SlotKey.minWarm(warm)).isEqualTo(2);
    assertThat(SlotKey.minWarm(fn)).isZero();
    assertThat(SlotKey.of(app, warm)).isEqualTo(SlotKey.of(app, fn));
  }

  private Fn withImage(String image) {
    return new Fn("F1", "cart", "A1", image, 256, 10, 60, fn.config(), Map.of(), null, T, T);
  }
}
