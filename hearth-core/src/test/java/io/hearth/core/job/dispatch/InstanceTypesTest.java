package io.hearth.core.job.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceTypesTest {
  @Test
  void parsesOneTypeALineSkippingCommentsAndBlankLinesWithDefaults() {
    String file = """
        # the cluster's classes
        small       vcpus=2 ram=4Gi scratch=50Gi price=0.10

          spot  preemptible=true price=0.03 ram=4GiB vcpus=2
        gpu vcpus=8 ram=61Gi scratch=200G gpus=1 price=0.90 preemptible=false
        """;
    assertThat(InstanceTypes.parse("types.conf", file)).containsExactly(
        new InstanceType("small", 2, 4L << 30, 50L << 30, 0, new BigDecimal("0.10"), false),
        new InstanceType("spot", 2, 4L << 30, 0, 0, new BigDecimal("0.03"), true),
        new InstanceType("gpu", 8, 61L << 30, 200_000_000_000L, 1, new BigDecimal("0.90"), false));
  }

  @ParameterizedTest
  @CsvSource({"123,123", "2K,2000", "2Ki,2048", "3Mi,3145728", "3MB,3000000", "1Ti,1099511627776", "1TiB,1099511627776"})
  void sizesTakeDecimalAndBinarySuffixes(String value, long bytes) {
    assertThat(InstanceTypes.size("f line 1", "ram", value)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      small vcpus=2 ram=4Gi                        | types.conf line 2: instance type small has no 'price='
      small vcpus=2 ram=4Gi price=0.1 cpu=2        | types.conf line 2: unknown field 'cpu' (known: vcpus, ram, scratch, gpus, price, preemptible)
      small vcpus=two ram=4Gi price=0.1            | types.conf line 2: vcpus=two is not a whole number
      small vcpus=2 ram=4Gb price=0.1              | types.conf line 2: ram=4Gb is not a size; write whole bytes or a whole number with Ki, Mi, Gi, Ti (or K, M, G, T), e.g. 4Gi
      small vcpus=2 ram=1.5Gi price=0.1            | types.conf line 2: ram=1.5Gi is not a size
      small vcpus=2 ram=4Gi price=cheap            | types.conf line 2: price=cheap is not a decimal number, e.g. 0.10
      small vcpus=2 ram=4Gi price=0.1 preemptible=yes | types.conf line 2: preemptible=yes must be true or false
      small vcpus=2 vcpus=3 ram=4Gi price=0.1      | types.conf line 2: field 'vcpus' is given twice
      small vcpus=2 ram price=0.1                  | types.conf line 2: 'ram' is not a key=value field
      vcpus=2 ram=4Gi price=0.1                    | types.conf line 2: a line starts with the type's name
      small vcpus=0 ram=4Gi price=0.1              | types.conf line 2: instance type small: vcpus must be at least 1, not 0
      small vcpus=2 ram=4Gi price=-1               | types.conf line 2: instance type small: price cannot be negative
      sm@ll vcpus=2 ram=4Gi price=0.1              | types.conf line 2: instance type name 'sm@ll' must be letters
      """)
  void aMistakeNamesTheLineAndWhatToWrite(String line, String message) {
    assertThatThrownBy(() -> InstanceTypes.parse("types.conf", "# first\n" + line))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void aNameDeclaredTwiceIsRefusedOnItsSecondLine() {
    assertThatThrownBy(() -> InstanceTypes.parse("t", "a vcpus=1 ram=1Gi price=0\n\na vcpus=2 ram=1Gi price=0"))
        .hasMessage("t line 3: instance type a is already declared above; give each type a unique name");
  }

  @Test
  void aFileWithoutATypeIsRefused() {
    assertThatThrownBy(() -> InstanceTypes.parse("t", "# nothing yet\n\n"))
        .hasMessageStartingWith("t declares no instance types; write one a line");
  }
}
