package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void anUnconfiguredNodeIsAllInOneWithFnsDefaultsWhereFnHasThem() {
    ClusterSettings c = ServerConfig.fromEnv(Map.of()).cluster();
    assertThat(c.role()).isEqualTo(Role.ALL);
    assertThat(c.grpcPort()).isEqualTo(9190);
    assertThat(c.runnerAddresses()).isEmpty();
    assertThat(c.placer()).isEqualTo("ch");
    assertThat(c.placement().retryAllDelay()).isEqualTo(Duration.ofMillis(10));
    assertThat(c.runnerTtl()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void leaseSettingsDefaultToTwoSecondOffersAndNoIdleStop() {
    ClusterSettings c = ServerConfig.fromEnv(Map.of()).cluster();
    assertThat(c.offersDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.leaseForwardDeadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.idleStop()).isEmpty();
    ClusterSettings set = ServerConfig.fromEnv(Map.of("HEARTH_IDLE_STOP_SECS", "90", "HEARTH_OFFERS_DEADLINE_MSECS",
        "500")).cluster();
    assertThat(set.idleStop()).contains(Duration.ofSeconds(90));
    assertThat(set.offersDeadline()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_IDLE_STOP_SECS", "soon")))
        .hasMessageContaining("HEARTH_IDLE_STOP_SECS must be a whole number");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_IDLE_STOP_SECS", "-1")))
        .hasMessageContaining("HEARTH_IDLE_STOP_SECS must be from 0");
  }

  @Test
  void fnsNodeTypesAndKnobsAreAccepted() {
    ClusterSettings c = ServerConfig.fromEnv(Map.of("FN_NODE_TYPE", "pure-runner", "FN_GRPC_PORT", "9300",
        "FN_RUNNER_ADDRESSES", "10.0.0.1:9190, 10.0.0.2:9190,", "FN_PLACER", "naive")).cluster();
    assertThat(c.role()).isEqualTo(Role.RUNNER);
    assertThat(c.grpcPort()).isEqualTo(9300);
    assertThat(c.runnerAddresses()).containsExactly("10.0.0.1:9190", "10.0.0.2:9190");
    assertThat(c.placer()).isEqualTo("naive");
    assertThat(Role.parse("full")).isEqualTo(Role.ALL);
    assertThat(Role.parse("LB")).isEqualTo(Role.LB);
  }

  @Test
  void theRoleFlagWinsOverTheEnvironment() {
    Map<String, String> env = RoleMain.environment(List.of("--role", "lb"), Map.of("HEARTH_NODE_TYPE", "api"));
    assertThat(ServerConfig.fromEnv(env).cluster().role()).isEqualTo(Role.LB);
    assertThat(ServerConfig.fromEnv(RoleMain.environment(List.of("--role=api"), Map.of())).cluster().role())
        .isEqualTo(Role.API);
    assertThat(ServerConfig.fromEnv(RoleMain.environment(List.of(), Map.of())).cluster().role())
        .isEqualTo(Role.ALL);
  }

  @Test
  void mistakesAreRefusedNamingTheValidChoices() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_NODE_TYPE", "worker")))
        .hasMessageContaining("unknown role 'worker'").hasMessageContaining("pure-runner");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_PLACER", "random")))
        .hasMessageContaining("unknown placer 'random'");
    assertThatThrownBy(() -> RoleMain.environment(List.of("--rol", "lb"), Map.of()))
        .hasMessageContaining("unknown server option '--rol'");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TTL_MSECS", "0")))
        .hasMessageContaining("HEARTH_RUNNER_TTL_MSECS");
  }

  @Test
  void everyClusterSettingIsInTheTable() {
    assertThat(ServerConfig.SETTINGS).extracting(ServerConfig.Setting::name)
        .contains("HEARTH_NODE_TYPE", "HEARTH_GRPC_PORT", "HEARTH_RUNNER_ADDRESSES", "HEARTH_PLACER",
            "HEARTH_PLACER_TIMEOUT_MSECS", "HEARTH_DETACHED_PLACER_TIMEOUT_MSECS", "HEARTH_DRAIN_TIMEOUT_MSECS")
        .doesNotHaveDuplicates();
  }

  @Test
  void tlsIsOffUnlessItsFilesAreSetAndItsPairsComeTogether() {
    ClusterSettings off = ServerConfig.fromEnv(Map.of()).cluster();
    assertThat(off.tls()).isEqualTo(ClusterSettings.Tls.OFF);
    assertThat(off.tls().serves()).isFalse();
    assertThat(off.tls().calls()).isFalse();
    ClusterSettings.Tls lb = ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TLS_CA", "/etc/hearth/ca.pem",
        "HEARTH_RUNNER_TLS_CLIENT_CERT", "lb.pem", "HEARTH_RUNNER_TLS_CLIENT_KEY", "lb.key")).cluster().tls();
    assertThat(lb.calls()).isTrue();
    assertThat(lb.ca()).contains(java.nio.file.Path.of("/etc/hearth/ca.pem"));
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TLS_CERT", "runner.pem")))
        .hasMessageContaining("HEARTH_RUNNER_TLS_CERT and HEARTH_RUNNER_TLS_KEY go together");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TLS_CLIENT_KEY", "lb.key")))
        .hasMessageContaining("HEARTH_RUNNER_TLS_CLIENT_CERT and HEARTH_RUNNER_TLS_CLIENT_KEY go together");
    assertThat(ServerConfig.SETTINGS).extracting(ServerConfig.Setting::name).contains("HEARTH_RUNNER_TLS_CERT",
        "HEARTH_RUNNER_TLS_KEY", "HEARTH_RUNNER_TLS_CA", "HEARTH_RUNNER_TLS_CLIENT_CERT", "HEARTH_RUNNER_TLS_CLIENT_KEY");
  }

  @Test
  void tlsSettingsThatMakeNoSenseForTheRoleAndMissingFilesAreClearStartupErrors() {
    ClusterSettings.Tls caOnly = ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TLS_CA", "ca.pem")).cluster().tls();
    assertThatThrownBy(caOnly::serverCredentials).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this runner serves no TLS");
    ClusterSettings.Tls clientOnly = ServerConfig.fromEnv(Map.of("HEARTH_RUNNER_TLS_CLIENT_CERT", "lb.pem",
        "HEARTH_RUNNER_TLS_CLIENT_KEY", "lb.key")).cluster().tls();
    assertThatThrownBy(clientOnly::channelCredentials).hasMessageContaining("HEARTH_RUNNER_TLS_CA is not");
    assertThatThrownBy(caOnly::channelCredentials).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HEARTH_RUNNER_TLS_CA (ca.pem): no such file");
    assertThat(ClusterSettings.Tls.OFF.serverCredentials()).isNotNull(); // plaintext
  }
}
