package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML subset of deploy files. */
class MiniYamlTest {

  @Test
  void mappingsSequencesAndScalars() {
    Object doc = MiniYaml.parse("""
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
                "config", Map.of("GREETING", "it's # not a comment", "EMPTY", "", "URL", "http://x:8080/a#frag"),
                "triggers", List.of(Map.of("name", "t", "source", "/upper"))),
            Map.of("name", "lower", "image", "my/lower:1", "config", Map.of(), "triggers", List.of())),
        "tags", List.of("one", "two: quoted")));
  }

  @Test
  void escapesInDoubleQuotes() {
    assertThat(MiniYaml.parse("a: \"line\\nnext \\\"q\\\" \\u00e9\"")).isEqualTo(Map.of("a", "line\nnext \"q\" é"));
  }

  @Test
  void anEmptyDocumentIsAnEmptyMapping() {
    assertThat(MiniYaml.parse("# nothing\n\n")).isEqualTo(Map.of());
  }

  @Test
  void whatIsNotSupportedIsRefusedWithTheLine() {
    assertThatThrownBy(() -> MiniYaml.parse("a:\n\tb: 1")).hasMessageContaining("line 2").hasMessageContaining("tabs");
    assertThatThrownBy(() -> MiniYaml.parse("a: 1\n  b: 2")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> MiniYaml.parse("a: [1, 2]")).hasMessageContaining("flow collections");
    assertThatThrownBy(() -> MiniYaml.parse("a: &x 1")).hasMessageContaining("anchors");
    assertThatThrownBy(() -> MiniYaml.parse("a: |\n  text")).hasMessageContaining("multi-line");
    assertThatThrownBy(() -> MiniYaml.parse("a: 1\na: 2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> MiniYaml.parse("a: 'open")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> MiniYaml.parse("just text")).hasMessageContaining("key: value");
    assertThatThrownBy(() -> MiniYaml.parse("a: 1\n---\nb: 2")).hasMessageContaining("one document");
  }
}
