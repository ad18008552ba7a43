package io.hearth.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's report: {@code <name>.json} (everything), {@code <name>.md} (the tables) and one
 * {@code <name>-<scenario>-<n>.svg} per chart.
 */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes the files and returns their paths. */
  public static List<Path> write(BenchReport report, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    List<String> chartFiles = new ArrayList<>();
    for (ScenarioReport s : report.scenarios()) {
      for (int i = 0; i < s.charts().size(); i++) {
        String file = name + "-" + s.name() + "-" + (i + 1) + ".svg";
        String subtitle = (report.smoke() ? "SMOKE RUN, not a measurement - " : "")
            + "Hearth solid, same-run floors dashed";
        Path p = dir.resolve(file);
        Files.writeString(p, SvgPlot.render(s.charts().get(i), subtitle));
        written.add(p);
        chartFiles.add(file);
      }
    }
    Path json = dir.resolve(name + ".json");
    JSON.writeValue(json.toFile(), report);
    written.add(json);
    Path md = dir.resolve(name + ".md");
    Files.writeString(md, Markdown.render(report, name));
    written.add(md);
    return written;
  }

  /**
   * Writes the markdown and the charts again from a run's JSON (after the renderers changed), next
   * to it and under the same name.
   */
  public static List<Path> rerender(Path json) throws IOException {
    BenchReport report = JSON.readValue(json.toFile(), BenchReport.class);
    String file = json.getFileName().toString();
    return write(report, json.toAbsolutePath().getParent(), file.substring(0, file.length() - ".json".length()));
  }

  /** The JSON mapper reports are written with (snake_case names), for readers such as tests. */
  public static ObjectMapper json() {
    return JSON;
  }
}
