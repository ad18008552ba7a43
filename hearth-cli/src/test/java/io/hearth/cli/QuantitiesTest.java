package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void bytesTakeBinaryAndDecimalUnits() {
    assertThat(Quantities.bytes("512Mi", "--memory")).isEqualTo(512L << 20);
    assertThat(Quantities.bytes("1Gi", "--disk")).isEqualTo(1L << 30);
    assertThat(Quantities.bytes("1.5Gi", "--disk")).isEqualTo(3L << 29);
    assertThat(Quantities.bytes("2G", "--disk")).isEqualTo(2_000_000_000L);
    assertThat(Quantities.bytes("64k", "--memory")).isEqualTo(64_000L);
    assertThat(Quantities.bytes("1MiB", "--memory")).isEqualTo(1L << 20);
    assertThat(Quantities.bytes("1048576", "--memory")).isEqualTo(1L << 20);
  }

  @Test
  void badBytesSayWhatTheOptionTakes() {
    assertThatThrownBy(() -> Quantities.bytes("lots", "--memory")).isInstanceOfSatisfying(CliFailure.class, f -> {
      assertThat(f.exitCode).isEqualTo(CliFailure.USAGE);
      assertThat(f.getMessage()).startsWith("--memory takes bytes").contains("512Mi");
    });
    assertThatThrownBy(() -> Quantities.bytes("1.5", "--disk")).hasMessageContaining("whole number of bytes");
    assertThatThrownBy(() -> Quantities.bytes("99999999Pi", "--disk")).hasMessageContaining("64 bits");
  }

  @Test
  void cpusAreCoresOrMilliCpus() {
    assertThat(Quantities.milliCpus("1", "--cpus")).isEqualTo(1000);
    assertThat(Quantities.milliCpus("0.5", "--cpus")).isEqualTo(500);
    assertThat(Quantities.milliCpus("250m", "--cpus")).isEqualTo(250);
    assertThatThrownBy(() -> Quantities.milliCpus("0.0001", "--cpus")).hasMessageContaining("thousandths");
    assertThatThrownBy(() -> Quantities.milliCpus("one", "--cpus")).hasMessageContaining("cores (1, 0.5)");
  }

  @Test
  void amountsPrintShort() {
    assertThat(Quantities.bytes(512L << 20)).isEqualTo("512Mi");
    assertThat(Quantities.bytes(3L << 29)).isEqualTo("1.5Gi");
    assertThat(Quantities.bytes(100)).isEqualTo("100");
    assertThat(Quantities.cpus(1000)).isEqualTo("1");
    assertThat(Quantities.cpus(1250)).isEqualTo("1.25");
    assertThat(Quantities.cpus(0)).isEqualTo("0");
  }
}
