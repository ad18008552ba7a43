package io.hearth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.bench.load.LoadResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  static LoadResult result(long... micros) {
    Histogram h = LoadResult.histogram();
    for (long us : micros) {
      h.recordValue(us * 1000);
    }
    return new LoadResult("closed", 1, 0, micros.length, 0, 0, 0, 1.0, h, h, null, 5_000_000, micros.length);
  }

  static BenchReport report(boolean smoke) {
    SeriesReport floor = SeriesReport.of("direct, 1 client", SeriesReport.FLOOR, result(80, 90, 100, 400));
    SeriesReport hearth = SeriesReport.of("Hearth, 1 client", SeriesReport.HEARTH, result(200, 250, 300, 2000));
    ScenarioReport s = new ScenarioReport("warm", "Warm <calls> & more", "ok", "", List.of(floor, hearth),
        List.of(Comparison.atMostAbove("p50", "us", hearth.latency().p50(), floor.latency().p50(), 150)),
        Map.of("cold_starts", 0), List.of("A note."), List.of(Chart.percentiles("Warm", List.of(floor, hearth))));
    ScenarioReport lb = ScenarioReport.notRun("lb", "The lb -> runner path", "not available", "issue 5");
    return new BenchReport(smoke, "./hearth bench", "t0", "t1", Map.of("cores", 2), Map.of("jdk", "25"),
        Map.of("rounds", 1), List.of(s, lb));
  }

  @Test
  void writesJsonMarkdownAndParsableSvg(@TempDir Path dir) throws Exception {
    List<Path> files = ReportWriter.write(report(false), dir, "r");
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("r.json", "r.md", "r-warm-1.svg");
    JsonNode json = ReportWriter.json().readTree(dir.resolve("r.json").toFile());
    assertThat(json.path("smoke").asBoolean()).isFalse();
    JsonNode series = json.path("scenarios").get(0).path("series");
    assertThat(series.get(1).path("latency").path("p50").asDouble()).isCloseTo(250.0, within(1.0));
    assertThat(series.get(1).path("cpu_us_per_call").asDouble()).isEqualTo(1250.0);
    assertThat(json.path("scenarios").get(0).path("comparisons").get(0).path("met").asBoolean()).isFalse();
    String md = Files.readString(dir.resolve("r.md"));
    assertThat(md).contains("## warm", "| Hearth, 1 client | hearth |", "difference <= 150 us | **no**",
        "**not available**: issue 5", "![Warm](r-warm-1.svg)").doesNotContain("SMOKE");
    byte[] svg = Files.readAllBytes(dir.resolve("r-warm-1.svg"));
    assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg))
        .getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(new String(svg, StandardCharsets.UTF_8)).contains("stroke-dasharray"); // the floor is dashed
  }

  @Test
  void rendersAgainFromItsJson(@TempDir Path dir) throws Exception {
    ReportWriter.write(report(false), dir, "r");
    String md = Files.readString(dir.resolve("r.md"));
    Files.delete(dir.resolve("r.md"));
    Files.delete(dir.resolve("r-warm-1.svg"));
    ReportWriter.rerender(dir.resolve("r.json"));
    assertThat(Files.readString(dir.resolve("r.md"))).isEqualTo(md);
    assertThat(dir.resolve("r-warm-1.svg")).exists();
  }

  @Test
  void aSmokeReportSaysSoEverywhere(@TempDir Path dir) throws Exception {
    ReportWriter.write(report(true), dir, "s");
    assertThat(Files.readString(dir.resolve("s.md"))).contains("SMOKE RUN", "do not quote them");
    assertThat(Files.readString(dir.resolve("s-warm-1.svg"))).contains("SMOKE RUN");
    assertThat(ReportWriter.json().readTree(dir.resolve("s.json").toFile()).path("smoke").asBoolean()).isTrue();
  }
}
