package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.agent.NodeCapacity;
import io.hearth.core.ledger.Resources;
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
  void theNodeOffersDiskGpusAndNamedResourcesAsConfigured() {
    ServerConfig.PoolSettings none = ServerConfig.fromEnv(Map.of()).pool();
    assertThat(none.maxDiskBytes()).as("0: probed at start").isZero();
    assertThat(none.gpus()).isZero();
    assertThat(none.resources()).isEmpty();
    ServerConfig.PoolSettings p = ServerConfig.fromEnv(Map.of("HEARTH_MAX_DISK_BYTES", "1073741824", "HEARTH_GPUS", "2",
        "HEARTH_RESOURCES", " fpga=1, licenses = 10,,nvidia.com/mig=0")).pool();
    assertThat(p.maxDiskBytes()).isEqualTo(1L << 30);
    assertThat(p.gpus()).isEqualTo(2);
    assertThat(p.resources()).isEqualTo(Map.of("fpga", 1L, "licenses", 10L, "nvidia.com/mig", 0L));
    Resources capacity = HearthServer.capacity(new NodeCapacity(4L << 30, 2000), p.maxDiskBytes(), p);
    assertThat(capacity).isEqualTo(new Resources(4L << 30, 2000,
        Map.of(Resources.DISK, 1L << 30, Resources.GPU, 2L, "fpga", 1L, "licenses", 10L)));
    assertThat(ServerConfig.SETTINGS).extracting(ServerConfig.Setting::name)
        .contains("HEARTH_MAX_DISK_BYTES", "HEARTH_GPUS", "HEARTH_RESOURCES");
  }

  /** Issue 13: embedded writes are forced to disk unless HEARTH_DB_SYNC=false says otherwise. */
  @Test
  void embeddedWritesAreForcedToDiskByDefault() {
    assertThat(ServerConfig.fromEnv(Map.of()).datastore().forceCommits()).isTrue();
    assertThat(ServerConfig.fromEnv(Map.of("HEARTH_DB_SYNC", "false")).datastore().forceCommits()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_DB_SYNC", "always")))
        .hasMessageContaining("HEARTH_DB_SYNC must be true or false");
  }

  /** Issue 14 item 4: concurrent starts bounded, by default two per CPU (at least two). */
  @Test
  void concurrentStartsAreBoundedByDefaultFromTheCpus() {
    assertThat(ServerConfig.fromEnv(Map.of()).pool().maxConcurrentStarts()).isZero();
    assertThat(ServerConfig.fromEnv(Map.of("HEARTH_MAX_CONCURRENT_STARTS", "7")).pool().maxConcurrentStarts())
        .isEqualTo(7);
    assertThat(HearthServer.maxStarting(0, 2000)).isEqualTo(4);
    assertThat(HearthServer.maxStarting(0, 500)).isEqualTo(2);
    assertThat(HearthServer.maxStarting(3, 64_000)).isEqualTo(3);
  }

  /** Issue 14 item 6: pulls only from listed registries; none by default. */
  @Test
  void imageRegistriesDefaultToNoneAndAreChecked() {
    assertThat(ServerConfig.fromEnv(Map.of()).imageRegistries()).isEmpty();
    assertThat(ServerConfig.fromEnv(Map.of("HEARTH_IMAGE_REGISTRIES", "docker.io, registry.local:5000,*"))
        .imageRegistries()).containsExactlyInAnyOrder("docker.io", "registry.local:5000", "*");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_IMAGE_REGISTRIES", "http://x/")))
        .hasMessageContaining("HEARTH_IMAGE_REGISTRIES");
  }

  @Test
  void badResourceSettingsSayWhatIsWrong() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_GPUS", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_GPUS");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_MAX_DISK_BYTES", "10G")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_MAX_DISK_BYTES")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "fpga")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=amount");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "=3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=amount");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "fpga=two")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fpga'").hasMessageContaining("'two'");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "fpga=-2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "fpga=1,fpga=2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "gpus=4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_GPUS");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RESOURCES", "disk=4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEARTH_MAX_DISK_BYTES");
  }

  @Test
  void theApiTokenIsNeverPrinted() {
    ServerConfig c = ServerConfig.fromEnv(Map.of("HEARTH_API_TOKEN", "s3cret-token"));
    assertThat(c.apiToken()).isEqualTo("s3cret-token");
    assertThat(c.toString()).doesNotContain("s3cret-token").contains("apiToken=(set)").contains("port=8080");
  }
}
