package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.ledger.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher's settings from the environment, and the node classes they give. */
class JobSettingsTest {
  @TempDir Path dir;

  @Test
  void theDefaultsRunADispatcherOnTheImplicitClassOfTheNodesCapacity() {
    JobSettings s = ServerConfig.fromEnv(Map.of()).jobs();
    assertThat(s.dispatcher()).isTrue();
    assertThat(s.maxOutputBytes()).isEqualTo(64L << 20);
    assertThat(s.faultExecStartRate()).isZero();
    Resources cap = new Resources(4L << 30, 2000, Map.of(Resources.DISK, 10L << 30, Resources.GPU, 0L));
    NodeClasses classes = JobDispatchWiring.classes(s, cap);
    assertThat(classes.implicit()).isTrue();
    assertThat(classes.named(NodeClasses.ALL_IN_ONE)).hasValueSatisfying(t -> assertThat(t.vcpus()).isEqualTo(2));
  }

  @Test
  void configuredClassesNeedTheNodesOwnAmongThem() throws Exception {
    Path file = Files.writeString(dir.resolve("types"), "small vcpus=2 ram=4Gi price=0.1\nbig vcpus=8 ram=32Gi price=1\n");
    JobSettings s = ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPES", file.toString(),
        "HEARTH_INSTANCE_TYPE", "big")).jobs();
    assertThat(JobDispatchWiring.classes(s, Resources.ZERO).types()).hasSize(2);
    JobSettings wrong = ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPES", file.toString(),
        "HEARTH_INSTANCE_TYPE", "huge")).jobs();
    assertThatThrownBy(() -> JobDispatchWiring.classes(wrong, Resources.ZERO))
        .hasMessageContaining("HEARTH_INSTANCE_TYPE 'huge' is not one of").hasMessageContaining("small");
    JobSettings none = ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPES", file.toString())).jobs();
    assertThatThrownBy(() -> JobDispatchWiring.classes(none, Resources.ZERO))
        .as("an all-in-one node with a types file declares its own").hasMessageContaining("set HEARTH_INSTANCE_TYPE");
  }

  @Test
  void aRunnerDeclaresItsClassCheckedAgainstItsTypesFileWhenItHasOne() throws Exception {
    Path file = Files.writeString(dir.resolve("types2"), "small vcpus=2 ram=4Gi price=0.1\n");
    assertThat(RunnerLeases.declaredType(ServerConfig.fromEnv(Map.of()).jobs())).as("none declared").isEmpty();
    assertThat(RunnerLeases.declaredType(ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPE", "gpu-large")).jobs()))
        .as("without a file, just a name").hasValue("gpu-large");
    assertThat(RunnerLeases.declaredType(ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPES", file.toString(),
        "HEARTH_INSTANCE_TYPE", "small")).jobs())).hasValue("small");
    assertThatThrownBy(() -> RunnerLeases.declaredType(ServerConfig.fromEnv(Map.of("HEARTH_INSTANCE_TYPES",
        file.toString(), "HEARTH_INSTANCE_TYPE", "huge")).jobs())).hasMessageContaining("'huge' is not one of");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_FAULT_EXEC_START_RATE", "2")))
        .hasMessageContaining("HEARTH_FAULT_EXEC_START_RATE");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_FAULT_EXEC_START_RATE", "often")))
        .hasMessageContaining("HEARTH_FAULT_EXEC_START_RATE");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_JOB_MAX_OUTPUT_BYTES", "-1")))
        .hasMessageContaining("HEARTH_JOB_MAX_OUTPUT_BYTES");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("HEARTH_DISPATCHER", "maybe")))
        .hasMessageContaining("HEARTH_DISPATCHER");
  }
}
