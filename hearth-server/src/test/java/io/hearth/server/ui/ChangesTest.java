package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {

  @Test
  void newAndChangedValuesInTheLaterOrderAndDepartedIds() {
    Map<String, String> before = Map.of("a", "a:queued", "b", "b:queued", "c", "c:running");
    Map<String, String> after = new LinkedHashMap<>();
    after.put("d", "d:queued");
    after.put("b", "b:locked");
    after.put("a", "a:queued");

    Changes<String> c = Changes.between(before, after);

    assertThat(c.changed()).containsExactly("d:queued", "b:locked");
    assertThat(c.departed()).containsExactly("c");
    assertThat(c.isEmpty()).isFalse();
  }

  @Test
  void theSameLookTwiceIsNoChange() {
    Map<String, String> look = Map.of("a", "a:queued");
    assertThat(Changes.between(look, Map.copyOf(look)).isEmpty()).isTrue();
  }
}
