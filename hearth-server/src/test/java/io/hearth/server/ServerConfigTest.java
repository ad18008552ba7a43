package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.pool.FreezePolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void hearthNamesWinOverFnAliasesWhichWinOverDefaults() {
    ServerConfig c = ServerConfig.fromEnv(Map.of("FN_PORT", "9000", "HEARTH_FREEZE_IDLE_MSECS", "-1",
        "FN_FREEZE_IDLE_MSECS", "200", "FN_ENABLE_NB_RESOURCE_TRACKER", "true"));
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.pool().freezeIdle()).isEqualTo(FreezePolicy.never());
    assertThat(ServerConfig.fromEnv(Map.of()).pool().freezeIdle()).isEqualTo(FreezePolicy.after(Duration.ofMillis(50)));
    assertThat(ServerConfig.fromEnv(Map.of("HEARTH_FREEZE_IDLE_MSECS", "0")).pool().freezeIdle())
        .isEqualTo(FreezePolicy.after(Duration.ZERO));
    assertThat(c.pool().nonBlocking()).isTrue();
    assertThat(c.pool().maxQueueWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.startTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.pool().keepAlivePolicy()).isEqualTo("adaptive");
    assertThat(ServerConfig.fromEnv(Map.of("HEARTH_KEEPALIVE_POLICY", "histogram")).pool().keepAlivePolicy())
        .isEqualTo("histogram");
  }

  @Test
  void malformedValuesNameTheSetting() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_PORT");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_DEMO", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_DEMO");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_KEEPALIVE_POLICY", "forever")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("greedy-dual");
  }

  @Test
  void theApiTokenIsNeverPrinted() {
    ServerConfig c = ServerConfig.fromEnv(Map.of("HEARTH_API_TOKEN", "s3cret-token"));
    assertThat(c.apiToken()).isEqualTo("s3cret-token");
    assertThat(c.toString()).doesNotContain("s3cret-token").contains("apiToken=(set)").contains("port=8080");
  }
}
