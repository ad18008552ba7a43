package io.hearth.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a run as markdown: the setting, then per scenario its series, comparisons, facts and charts. */
final class Markdown {
  private Markdown() {}

  static String render(BenchReport r, String name) {
    StringBuilder md = new StringBuilder();
    md.append("# Hearth benchmarks").append(r.smoke() ? " (SMOKE RUN)" : "").append("\n\n");
    if (r.smoke()) {
      md.append("> **Smoke run**: tiny loads for a second or so, to prove the benchmarks still work. ")
          .append("These numbers are not measurements; do not quote them.\n\n");
    }
    md.append("Produced by `").append(r.command()).append("` from ").append(r.startedAt()).append(" to ")
        .append(r.finishedAt()).append(".\n\n");
    md.append("| | |\n|---|---|\n");
    r.machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    r.software().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\nSettings: ");
    r.settings().forEach((k, v) -> md.append('`').append(k).append('=').append(v).append("` "));
    md.append("\n\nEvery comparison is against a floor measured in the same run, its phases interleaved with ")
        .append("Hearth's: **direct** = the same image's container, made with the same limits by the engine alone, ")
        .append("called over its unix socket by the same client code; **engine cold start** = create + start + ")
        .append("socket ready by the Docker Engine alone. Latencies in microseconds; open-loop latencies run from ")
        .append("each call's intended send time (corrected for coordinated omission). Ratios are Hearth / floor. ")
        .append("CPU/call: CPU time of the benchmark's process per call (µs) over the phase: the client alone for ")
        .append("direct phases, the client and the in-process node for Hearth's, so their difference is the node's ")
        .append("CPU per call, a figure that depends far less on other load on the machine than latency does.\n");
    for (ScenarioReport s : r.scenarios()) {
      scenario(md, s, name);
    }
    return md.toString();
  }

  private static void scenario(StringBuilder md, ScenarioReport s, String name) {
    md.append("\n## ").append(s.name()).append(" — ").append(s.title()).append("\n\n");
    if (!s.status().equals("ok")) {
      md.append("**").append(s.status()).append("**: ").append(s.reason()).append("\n");
      if (s.series().isEmpty()) {
        return;
      }
      md.append('\n');
    }
    for (String n : s.notes()) {
      md.append(n).append("\n\n");
    }
    if (!s.series().isEmpty()) {
      md.append("| series | side | load | calls | errors | calls/s | p50 | p90 | p99 | p99.9 | max | CPU/call |\n");
      md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
      for (SeriesReport x : s.series()) {
        Latency l = x.latency();
        md.append("| ").append(x.label()).append(" | ").append(x.side()).append(" | ").append(load(x)).append(" | ")
            .append(x.calls()).append(" | ").append(x.errors() + x.unsent()).append(" | ")
            .append(x.mode().equals("samples") ? "" : num(x.throughput())).append(" | ").append(num(l.p50()))
            .append(" | ").append(num(l.p90())).append(" | ").append(num(l.p99())).append(" | ").append(num(l.p999()))
            .append(" | ").append(num(l.max())).append(" | ").append(x.cpuUsPerCall() < 0 ? "" : num(x.cpuUsPerCall()))
            .append(" |\n");
      }
      md.append('\n');
    }
    List<Comparison> cs = s.comparisons();
    if (!cs.isEmpty()) {
      md.append("| measure | Hearth | floor | difference | ratio | target | met |\n");
      md.append("|---|--:|--:|--:|--:|---|---|\n");
      for (Comparison c : cs) {
        String unit = c.unit().isEmpty() ? "" : " " + c.unit();
        md.append("| ").append(c.measure()).append(" | ").append(num(c.hearth())).append(unit).append(" | ")
            .append(num(c.floor())).append(unit).append(" | ").append(num(c.difference())).append(unit).append(" | ")
            .append(String.format(Locale.ROOT, "%.3f", c.ratio())).append(" | ").append(c.target()).append(" | ")
            .append(c.met() == null ? "" : c.met() ? "yes" : "**no**").append(" |\n");
      }
      md.append('\n');
    }
    if (!s.facts().isEmpty()) {
      for (Map.Entry<String, Object> f : s.facts().entrySet()) {
        md.append("- ").append(f.getKey()).append(": ").append(f.getValue()).append('\n');
      }
      md.append('\n');
    }
    for (SeriesReport x : s.series()) {
      if (x.firstError() != null) {
        md.append("- first error in ").append(x.label()).append(": `").append(x.firstError().replace('`', '\''))
            .append("`\n");
      }
    }
    for (int i = 0; i < s.charts().size(); i++) {
      String file = name + "-" + s.name() + "-" + (i + 1) + ".svg";
      md.append("\n![").append(s.charts().get(i).title()).append("](").append(file).append(")\n");
    }
  }

  private static String load(SeriesReport x) {
    return switch (x.mode()) {
      case "open" -> "open, " + num(x.rate()) + "/s, " + x.clients() + " conn";
      case "closed" -> "closed, " + x.clients() + (x.clients() == 1 ? " client" : " clients");
      default -> "samples";
    };
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
