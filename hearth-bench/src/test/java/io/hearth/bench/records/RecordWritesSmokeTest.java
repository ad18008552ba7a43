package io.hearth.bench.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record-writes measurement still runs: every variant, tiny, on the embedded store; and its options. */
class RecordWritesSmokeTest {

  @Test
  void everyVariantWritesAndIsReported() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = RecordWrites.run(List.of("--stores", "h2,h2-nosync", "--rounds", "1", "--records", "20", "--batch", "10"),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    for (String variant : Variants.all().keySet()) {
      assertThat(out).contains("| h2 | " + variant + " | 10 |").contains("| h2-nosync | " + variant + " | 10 |");
    }
  }

  @Test
  void unknownVariantsAndOptionsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> RecordWrites.Settings.parse(List.of("--variants", "nope")))
        .hasMessageContaining("no variant nope").hasMessageContaining("usage:");
    assertThatThrownBy(() -> RecordWrites.Settings.parse(List.of("--rounds")))
        .hasMessageContaining("--rounds needs a value");
  }
}
