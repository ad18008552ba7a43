package io.hearth.cli;

/**
 * The one place deploy files' YAML is parsed (Hearth's {@code hearth.yaml} and Fn's {@code
 * func.yaml} and {@code app.yaml}), so the parser behind it can change alone. Stateless.
 */
final class DeployYaml {
  private DeployYaml() {}

  /**
   * A map, list or string; scalars stay strings (the readers convert numbers).
   *
   * @throws IllegalArgumentException when the text is not YAML the parser accepts, saying where
   */
  static Object parse(String text) {
    return MiniYaml.parse(text);
  }
}
