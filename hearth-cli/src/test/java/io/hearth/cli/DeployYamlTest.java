package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML of deploy files, through SnakeYAML Engine: scalars stay strings, mappings keep order. */
class DeployYamlTest {

  @Test
  void mappingsSequencesAndScalars() {
    Object doc = DeployYaml.parse("""
        ---
        # a comment
        app: tools   # trailing comment
        functions:
          - name: upper
            image: "my/upper:1"
            memory: 128
            config:
              GREETING: 'it''s # not a comment'
              EMPTY: ""
              URL: http://x:8080/a#frag
              FLAG: yes
            triggers:
            - name: t
              source: /upper
          - name: lower
            image: my/lower:1
            config: {}
            triggers: []
        tags:
          - one
          - "two: quoted"
        """);
    assertThat(doc).isEqualTo(Map.of(
        "app", "tools",
        "functions", List.of(
            Map.of("name", "upper", "image", "my/upper:1", "memory", "128",
                "config", Map.of("GREETING", "it's # not a comment", "EMPTY", "", "URL", "http://x:8080/a#frag",
                    "FLAG", "yes"),
                "triggers", List.of(Map.of("name", "t", "source", "/upper"))),
            Map.of("name", "lower", "image", "my/lower:1", "config", Map.of(), "triggers", List.of())),
        "tags", List.of("one", "two: quoted")));
    assertThat(List.copyOf(((Map<?, ?>) doc).keySet())).isEqualTo(List.of("app", "functions", "tags"));
  }

  @Test
  void whatYamlHasBesideTheBlockFormWorksToo() {
    assertThat(DeployYaml.parse("a: \"line\\nnext \\\"q\\\" \\u00e9\"")).isEqualTo(Map.of("a", "line\nnext \"q\" é"));
    assertThat(DeployYaml.parse("a: [1, two]\nb: {k: v}")).isEqualTo(Map.of("a", List.of("1", "two"),
        "b", Map.of("k", "v")));
    assertThat(DeployYaml.parse("a: |\n  first\n  second\n")).isEqualTo(Map.of("a", "first\nsecond\n"));
    assertThat(DeployYaml.parse("base: &b {K: v}\ncopy: *b")).isEqualTo(Map.of("base", Map.of("K", "v"),
        "copy", Map.of("K", "v")));
  }

  @Test
  void anEmptyDocumentIsAnEmptyMapping() {
    assertThat(DeployYaml.parse("# nothing\n\n")).isEqualTo(Map.of());
    assertThat(DeployYaml.parse("")).isEqualTo(Map.of());
  }

  @Test
  void mistakesAreRefusedWithTheLine() {
    assertThatThrownBy(() -> DeployYaml.parse("a:\n\tb: 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> DeployYaml.parse("a: 1\n  b: 2")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> DeployYaml.parse("a: 1\na: 2")).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> DeployYaml.parse("a: 'open")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> DeployYaml.parse("a: 1\n---\nb: 2")).hasMessageContaining("one document");
  }
}
