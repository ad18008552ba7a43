package io.hearth.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seconds-long run of the whole simulator: the report is produced and well formed; numbers are not checked. */
class KeepAliveSimSmokeTest {

  @Test
  void aShortRunWritesTheMarkdownAndJsonReports(@TempDir Path out) throws Exception {
    KeepAliveSim.main(new String[] {"--functions", "25", "--hours", "1", "--seed", "1,2", "--memory-gb", "2,16",
        "--out", out.toString()});
    String md = Files.readString(out.resolve("keepalive.md"));
    assertThat(md).contains("# Keep-alive policies", "--functions 25 --hours 1 --seed 1,2 --memory-gb 2,16",
        "| 2 GB | fixed |", "| 2 GB | histogram |", "| 16 GB | greedy-dual |", "| 16 GB | adaptive |", "## Every run");
    JsonNode json = new ObjectMapper().readTree(out.resolve("keepalive.json").toFile());
    assertThat(json.get("runs")).hasSize(2 * 2 * SimOptions.POLICIES.size());
    assertThat(json.get("summary")).hasSize(2 * SimOptions.POLICIES.size());
    for (JsonNode run : json.get("runs")) {
      assertThat(run.get("calls").asLong()).isPositive();
      assertThat(run.get("coldStarts").asLong()).isBetween(0L, run.get("calls").asLong());
    }
  }

  @Test
  void optionsHaveDefaultsAndWrongOnesSayHowToUseTheCommand() {
    SimOptions d = SimOptions.parse();
    assertThat(d.functions()).isEqualTo(300);
    assertThat(d.seeds()).containsExactly(1L, 2L, 3L);
    assertThat(d.memoryGb()).containsExactly(32.0, 64.0, 256.0);
    assertThat(SimOptions.parse("--memory-gb", "8, 16").memoryGb()).containsExactly(8.0, 16.0);
    assertThatThrownBy(() -> SimOptions.parse("--hours", "x")).hasMessageContaining("--hours needs a number")
        .hasMessageContaining("usage:");
    assertThatThrownBy(() -> SimOptions.parse("--speed", "1")).hasMessageContaining("unknown option --speed");
    assertThatThrownBy(() -> SimOptions.parse("--functions")).hasMessageContaining("missing value");
  }
}
