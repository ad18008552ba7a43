package io.hearth.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 14 item 6: image references follow the Docker reference grammar. */
class ImageReferenceTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alpine", "fn/hello", "fn/hello:1", "hearth-test/testfn:abc_1.2-x", "a__b/c-d--e.f",
      "localhost/x", "localhost:5000/x:1", "registry.example.com/team/fn:2", "10.0.0.1:5000/x",
      "[::1]:5000/x", "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "x:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void acceptsReferences(String image) {
    assertThat(ImageReference.parse(image)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/etc/passwd", "a/../../b", "-v", "--privileged", "a//b", "a/", "UPPER", "x:", ":1",
      "x:-1", "x@sha256:12", "x/y?z", "x#y", "x%2F", "a/./b", "a b", "ex ample.com/x",
      "-bad.com/x", "x..y", "x.", "_x"})
  void refusesWhatIsNotOne(String image) {
    assertThatThrownBy(() -> ImageReference.parse(image)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splitsTheParts() {
    ImageReference r = ImageReference.parse("localhost:5432/x:1");
    assertThat(r.domain()).isEqualTo("localhost:5432");
    assertThat(r.registry()).isEqualTo("localhost:5432");
    assertThat(r.path()).isEqualTo("x");
    assertThat(r.tag()).isEqualTo("1");
    ImageReference hub = ImageReference.parse("fn/hello");
    assertThat(hub.domain()).isEmpty();
    assertThat(hub.registry()).isEqualTo("docker.io");
    assertThat(hub.tag()).isEmpty();
  }

  @Test
  void aLongTagIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("x:" + "t".repeat(129))).hasMessageContaining("128");
    assertThat(ImageReference.parse("x:" + "t".repeat(128)).tag()).hasSize(128);
  }

  @Test
  void aNameLongerThan255IsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("a".repeat(256))).hasMessageContaining("255");
    assertThat(ImageReference.parse("a".repeat(255)).path()).hasSize(255);
  }
}
