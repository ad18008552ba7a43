package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy files in YAML and JSON read to the same thing; mistakes are named. */
class DeployFileTest {
  @TempDir Path dir;

  private static final DeployFile EXPECTED = new DeployFile(
      new DeployFile.AppSpec("tools", Map.of("A", "1"), null, null),
      List.of(new DeployFile.FnSpec("upper", "my/upper:1", 256, 10, null, null,
          List.of(new DeployFile.TriggerSpec("up", "http", "/up")))));

  @Test
  void yamlAndJsonSayTheSame() throws Exception {
    Path yaml = Files.writeString(dir.resolve("hearth.yaml"), """
        app:
          name: tools
          config:
            A: 1
        functions:
          - name: upper
            image: my/upper:1
            memory: 256
            timeout: 10
            triggers:
              - name: up
                source: /up
        """);
    Path json = Files.writeString(dir.resolve("hearth.json"), """
        {"app": {"name": "tools", "config": {"A": "1"}},
         "functions": [{"name": "upper", "image": "my/upper:1", "memory": 256, "timeout": 10,
                        "triggers": [{"name": "up", "source": "/up"}]}]}
        """);
    assertThat(DeployFile.read(yaml)).isEqualTo(EXPECTED);
    assertThat(DeployFile.read(json)).isEqualTo(EXPECTED);
  }

  @Test
  void anAppAloneMayBeJustItsName() {
    assertThat(DeployFile.parse(DeployYaml.parse("app: tools")))
        .isEqualTo(new DeployFile(new DeployFile.AppSpec("tools", null, null, null), List.of()));
  }

  @Test
  void mistakesSayWhere() throws Exception {
    assertThatThrownBy(() -> DeployFile.parse(DeployYaml.parse("functions: []")))
        .hasMessageContaining("'app' is missing");
    assertThatThrownBy(() -> DeployFile.parse(DeployYaml.parse("app: a\nfunctions:\n  - name: f\n    memroy: 1")))
        .hasMessageContaining("unknown key 'memroy' in functions[0]");
    assertThatThrownBy(() -> DeployFile.parse(DeployYaml.parse("app: a\nfunctions:\n  - name: f")))
        .hasMessageContaining("functions[0].image is missing");
    assertThatThrownBy(() -> DeployFile.parse(DeployYaml.parse("app: a\nfunctions:\n  - name: f\n    image: i\n"
        + "    memory: lots"))).hasMessageContaining("functions[0].memory must be a whole number");
    assertThatThrownBy(() -> DeployFile.read(dir.resolve("missing.yaml")))
        .isInstanceOf(CliFailure.class).hasMessageContaining("no deploy file");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "app: [x]");
    assertThatThrownBy(() -> DeployFile.read(bad))
        .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode).isEqualTo(2));
  }

  @Test
  void configPatchesSetChangedKeysAndClearRemovedOnes() throws Exception {
    var stored = ApiClient.JSON.readTree("{\"KEEP\":\"1\",\"CHANGE\":\"old\",\"DROP\":\"x\"}");
    var patch = Deployer.configPatch(stored, Map.of("KEEP", "1", "CHANGE", "new", "ADD", "y"));
    assertThat(patch.size()).isEqualTo(3);
    assertThat(patch.get("CHANGE").asText()).isEqualTo("new");
    assertThat(patch.get("ADD").asText()).isEqualTo("y");
    assertThat(patch.get("DROP").asText()).isEmpty();
    assertThat(patch.has("KEEP")).isFalse();
  }
}
