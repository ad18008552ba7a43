package io.hearth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsAStringFieldOfTheTopLevelObject() {
    assertThat(Json.stringField("{\"name\":\"Ada\"}", "name")).contains("Ada");
    assertThat(Json.stringField("{\"a\":{\"name\":\"inner\"},\"b\":[\"]\",2],\"name\":\"outer\"}", "name"))
        .contains("outer");
    assertThat(Json.stringField("{\"name\":\"\\u00e9\\n\\/\"}", "name")).contains("é\n/");
    assertThat(Json.stringField("{\"x\":true, \"y\":null, \"z\":-1.5e3, \"name\":\"n\"}", "name")).contains("n");
  }

  @Test
  void findsNothingInOtherShapes() {
    assertThat(Json.stringField("{}", "name")).isEmpty();
    assertThat(Json.stringField("{\"name\":1}", "name")).isEmpty();
    assertThat(Json.stringField("[\"name\"]", "name")).isEmpty();
    assertThat(Json.stringField("{\"name\":\"unterminated", "name")).isEmpty();
    assertThat(Json.stringField("{\"a\":1 \"name\":\"x\"}", "name")).isEmpty();
    assertThat(Json.stringField("", "name")).isEmpty();
  }
}
