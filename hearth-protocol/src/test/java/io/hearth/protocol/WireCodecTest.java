package io.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.call.Headers;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  private static ToRunner toRunner(ToRunner m) {
    return WireCodec.decodeToRunner(new ByteArrayInputStream(WireCodec.encode(m)));
  }

  private static FromRunner fromRunner(FromRunner m) {
    return WireCodec.decodeFromRunner(new ByteArrayInputStream(WireCodec.encode(m)));
  }

  @Test
  void aTryCallCarriesTheAppTheFunctionAndTheHeadersWhole() {
    App app = new App("A1", "shop", Map.of("K", "v", "ü", "ß"), Map.of("a", "{\"x\":1}"), "tcp://log", "GENERIC_X86",
        T, T.plusSeconds(1));
    Fn fn = new Fn("F1", "cart", "A1", "img:1", 256, 10, 60, Map.of("E", "1"), Map.of("hearth.io/init_timeout_ms",
        "20000"), null, T, null);
    Headers h = new Headers().add("Content-Type", "text/plain").add("X-Many", "1").add("X-Many", "2");
    ToRunner.TryCall t = (ToRunner.TryCall) toRunner(new ToRunner.TryCall(1, "C1", app, fn, -42, h, 12, true));
    assertThat(t.app()).isEqualTo(app);
    assertThat(t.fn()).isEqualTo(fn);
    assertThat(t.placementKey()).isEqualTo(-42);
    assertThat(t.headers().all("x-many")).containsExactly("1", "2");
    assertThat(t.headers().first("Content-Type")).isEqualTo("text/plain");
    assertThat(t.bodyLength()).isEqualTo(12);
    assertThat(t.detached()).isTrue();
  }

  @Test
  void everyOtherMessageRoundTrips() {
    assertThat(((ToRunner.BodyChunk) toRunner(new ToRunner.BodyChunk(new byte[] {1, 2, 3}))).bytes())
        .containsExactly(1, 2, 3);
    assertThat(toRunner(new ToRunner.BodyEnd())).isInstanceOf(ToRunner.BodyEnd.class);
    assertThat(fromRunner(new FromRunner.Committed(true))).isEqualTo(new FromRunner.Committed(true));
    assertThat(fromRunner(new FromRunner.Committed(false))).isEqualTo(new FromRunner.Committed(false));
    assertThat(fromRunner(new FromRunner.Refused(FromRunner.Reason.DRAINING, "stopping")))
        .isEqualTo(new FromRunner.Refused(FromRunner.Reason.DRAINING, "stopping"));
    FromRunner.ResponseStart s = (FromRunner.ResponseStart) fromRunner(
        new FromRunner.ResponseStart(200, new Headers().add("A", "b"), -1));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.contentLength()).isEqualTo(-1);
    assertThat(s.headers().first("a")).isEqualTo("b");
    FromRunner.Finished f = new FromRunner.Finished(502, "EXITED", "container exit code 3", true, 1, 2, 3);
    assertThat(fromRunner(f)).isEqualTo(f);
    RunnerStatus status = new RunnerStatus("n1", 2, 10, 7, 3, 1 << 30, 1 << 20, 2000, 100, Map.of("F1", 2), true);
    assertThat(WireCodec.decodeStatus(new ByteArrayInputStream(WireCodec.encode(status)))).isEqualTo(status);
  }

  @Test
  void garbageIsRefusedWithAClearError() {
    assertThatThrownBy(() -> WireCodec.decodeToRunner(new ByteArrayInputStream(new byte[] {99})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed runner protocol message");
    assertThatThrownBy(() -> WireCodec.decodeFromRunner(new ByteArrayInputStream(new byte[] {14, 0x7f, 0, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
