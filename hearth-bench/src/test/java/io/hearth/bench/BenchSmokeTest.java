package io.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.bench.report.ReportWriter;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke run of {@code hearth bench}: every scenario for a second or so with tiny loads against a
 * real node and the real engine (the multi-node ones against nodes started as processes), checking that the reports are written and well formed. The numbers
 * are not checked (nor meaningful: the report says SMOKE RUN).
 */
class BenchSmokeTest {

  @Test
  void everyScenarioRunsAndWritesWellFormedReports(@TempDir Path out) throws Exception {
    TestDocker.engine(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    List<String> args = new ArrayList<>(List.of("--smoke", "--image", image, "--exec-image", TestImages.busybox(),
        "--out", out.toString(),
        "--docker-socket", TestDocker.SOCKET.toString()));
    for (Map.Entry<String, String> l : TestDocker.labels().entrySet()) {
      args.add("--label");
      args.add(l.getKey() + "=" + l.getValue());
    }
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int code = BenchMain.run(args, out, String.join(" ", args), new PrintStream(console, true, StandardCharsets.UTF_8));
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();

    JsonNode report = ReportWriter.json().readTree(out.resolve("smoke-all.json").toFile());
    assertThat(report.path("smoke").asBoolean()).isTrue();
    assertThat(report.path("machine").path("cores").asInt()).isPositive();
    assertThat(report.path("software").path("jdk").asText()).isNotBlank();
    List<String> names = new ArrayList<>();
    for (JsonNode s : report.path("scenarios")) {
      String name = s.path("name").asText();
      names.add(name);
      assertThat(s.path("status").asText()).as(name + ": " + s.path("reason").asText()).isEqualTo("ok");
      assertThat(s.path("series")).as(name).isNotEmpty();
      assertThat(s.path("comparisons")).as(name).isNotEmpty();
      for (JsonNode x : s.path("series")) {
        assertThat(x.path("side").asText()).isIn("hearth", "floor");
        assertThat(x.path("latency").has("p50")).isTrue();
        assertThat(x.path("latency").has("p999")).isTrue();
      }
      for (JsonNode c : s.path("comparisons")) {
        assertThat(c.has("hearth") && c.has("floor") && c.has("ratio")).as(c.toString()).isTrue();
      }
    }
    assertThat(names).containsExactly("warm", "overhead", "records", "burst", "many", "sweep", "cost", "footprint",
        "lb", "placers", "leases", "async", "starts");

    String md = Files.readString(out.resolve("smoke-all.md"));
    assertThat(md).contains("SMOKE RUN", "## warm", "## sweep", "## burst", "## many", "## overhead", "## lb",
        "## placers", "added by the lb hop, p50", "## cost", "node CPU per call", "## footprint",
        "idle all-in-one node process RSS", "warm-hit rate, ch", "## leases", "## async", "## starts");
    try (var svgs = Files.list(out)) {
      List<Path> charts = svgs.filter(p -> p.toString().endsWith(".svg")).toList();
      assertThat(charts).hasSizeGreaterThanOrEqualTo(5);
      for (Path svg : charts) {
        assertThat(md).contains("(" + svg.getFileName() + ")");
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
            .getDocumentElement().getTagName()).isEqualTo("svg");
      }
    }
    // Every container the run made is gone.
    assertThat(TestDocker.driver().list(Map.of(TestDocker.RUN_LABEL, TestDocker.RUN_ID))).isEmpty();
  }
}
