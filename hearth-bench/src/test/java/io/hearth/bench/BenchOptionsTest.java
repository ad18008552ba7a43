package io.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.bench.scenario.Scenario;
import io.hearth.bench.scenario.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {
  private static final Path ROOT = Path.of("/repo");

  @Test
  void defaultsRunEveryScenarioIntoDocsBenchmarks() {
    BenchOptions o = BenchOptions.parse(List.of(), ROOT);
    assertThat(o.scenarios()).extracting(Scenario::name)
        .containsExactly("warm", "overhead", "records", "burst", "many", "sweep", "cost", "footprint", "lb",
            "placers", "leases", "async", "starts");
    assertThat(o.out()).isEqualTo(Path.of("/repo/docs/benchmarks"));
    assertThat(o.name()).isEqualTo("all");
    assertThat(o.sizes()).isEqualTo(Sizes.defaults());
    assertThat(o.smoke()).isFalse();
  }

  @Test
  void optionsOverrideTheSizes() {
    BenchOptions o = BenchOptions.parse(List.of("sweep", "warm", "--duration", "1.5", "--clients", "8", "--label",
        "a=b", "--smoke"), ROOT);
    assertThat(o.scenarios()).extracting(Scenario::name).containsExactly("sweep", "warm");
    assertThat(o.sizes().duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.sizes().maxClients()).isEqualTo(8);
    assertThat(o.sizes().rounds()).isEqualTo(Sizes.smoke().rounds());
    assertThat(o.labels()).containsEntry("a", "b");
    assertThat(o.name()).isEqualTo("smoke-sweep-warm");
  }

  @Test
  void refusesWhatItCannotRunSafely() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "1000"), ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 128");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--speed", "1"), ROOT))
        .hasMessageContaining("unknown option --speed");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("nope"), ROOT)).hasMessageContaining("no scenario 'nope'");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--duration", "0"), ROOT))
        .hasMessageContaining("more than 0");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--duration"), ROOT)).hasMessageContaining("needs a value");
  }

  @Test
  void lbCompareNamesAnotherBuiltCheckout(@TempDir Path other) throws java.io.IOException {
    assertThat(BenchOptions.parse(List.of("lb"), ROOT).lbCompare()).isNull();
    assertThatThrownBy(() -> BenchOptions.parse(List.of("lb", "--lb-compare", other.toString()), ROOT))
        .hasMessageContaining("holds no built Hearth").hasMessageContaining("mvnw package");
    java.nio.file.Files.createDirectories(other.resolve("hearth-server/target/classes"));
    java.nio.file.Files.createDirectories(other.resolve("hearth-server/target/dist/lib"));
    BenchOptions o = BenchOptions.parse(List.of("lb", "--lb-compare", other.toString()), ROOT);
    assertThat(o.lbCompare()).isEqualTo(other.toAbsolutePath());
    assertThat(o.settings()).containsEntry("lb_compare", other.toAbsolutePath().toString());
    assertThat(io.hearth.bench.cluster.NodeProcess.classpathOfBuild(other))
        .isEqualTo(other.resolve("hearth-server/target/classes") + ":" + other.resolve("hearth-server/target/dist/lib")
            + "/*");
  }
}
