package io.hearth.fdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FDK's own JSON writing: string literals and the error shape. */
class JsonTest {

  @Test
  void quotesEscapeQuotesBackslashesAndControlCharacters() {
    assertThat(Json.quote("a\"b\\c\nd\u0001\te\r")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\te\\r\"");
    assertThat(Json.quote("é ✓")).isEqualTo("\"é ✓\"");
  }

  @Test
  void aMessageIsTheErrorShape() {
    assertThat(Json.message("no \"x\"")).isEqualTo("{\"message\":\"no \\\"x\\\"\"}");
  }
}
