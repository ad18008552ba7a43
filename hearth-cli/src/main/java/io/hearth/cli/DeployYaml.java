package io.hearth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Reads a deploy file's YAML with SnakeYAML Engine (YAML 1.2). The failsafe schema keeps every
 * scalar a string, as a JSON deploy file's strings are: {@link DeployFile} converts numbers itself,
 * so {@code memory: 128} and {@code memory: "128"} mean the same, and {@code GREETING: yes} stays
 * the word. Mappings keep their order; a key given twice, several documents, and anything YAML
 * refuses (tabs in indentation, an unclosed quote) fail with where it went wrong. Stateless.
 */
final class DeployYaml {
  /** Aliases expand; this bounds what a file of aliases to aliases can grow to. */
  private static final int MAX_ALIASES = 50;

  private DeployYaml() {}

  /** A map, list or string; an empty document is an empty map. */
  static Object parse(String document) {
    LoadSettings settings = LoadSettings.builder()
        .setSchema(new FailsafeSchema())
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setLabel("the deploy file")
        .build();
    try {
      List<Object> docs = new java.util.ArrayList<>();
      new Load(settings).loadAllFromString(document).forEach(docs::add);
      if (docs.size() > 1) {
        throw new IllegalArgumentException("only one document is supported; found " + docs.size()
            + " (separated by ---)");
      }
      Object root = docs.isEmpty() ? null : docs.getFirst();
      return root == null ? new LinkedHashMap<String, Object>() : root;
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(e.getMessage().strip(), e);
    }
  }
}
