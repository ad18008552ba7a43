package io.hearth.fdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.fdk.ListenerAddress.Parsed;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerAddressTest {

  @Test
  void readsTheAgentsListener() {
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock", "FN_FORMAT", "http-stream")))
        .isEqualTo(new Parsed.Ok(Path.of("/tmp/iofs/lsnr.sock")));
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock")))
        .isEqualTo(new Parsed.Ok(Path.of("/tmp/iofs/lsnr.sock")));
  }

  @Test
  void explainsAMissingOrMalformedListener() {
    assertThat(ListenerAddress.parse(Map.of())).isInstanceOfSatisfying(Parsed.Invalid.class,
        i -> assertThat(i.message()).contains("FN_LISTENER is not set"));
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "/tmp/iofs/lsnr.sock")))
        .isInstanceOfSatisfying(Parsed.Invalid.class, i -> assertThat(i.message()).contains("expected unix:"));
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "unix:lsnr.sock")))
        .isInstanceOfSatisfying(Parsed.Invalid.class, i -> assertThat(i.message()).contains("absolute"));
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "unix:/")))
        .isInstanceOf(Parsed.Invalid.class);
  }

  @Test
  void refusesOtherFormats() {
    assertThat(ListenerAddress.parse(Map.of("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock", "FN_FORMAT", "json")))
        .isInstanceOfSatisfying(Parsed.Invalid.class, i -> assertThat(i.message()).contains("http-stream"));
  }
}
