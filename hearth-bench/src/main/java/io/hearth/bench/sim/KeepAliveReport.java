package io.hearth.bench.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's report: a markdown page and the same numbers as JSON. Ratios compare each policy
 * with the baseline ({@code fixed}) on the same traces and node size, pooled over the seeds.
 */
final class KeepAliveReport {
  private static final double GB_HOUR_MB_S = 1024.0 * 3600;

  /** One replay: a policy on one seed's trace and one node size. */
  record Run(long seed, double memoryGb, SimResult result) {}

  /** A seed's trace, summarised. */
  record TraceInfo(long seed, long calls, Map<String, Integer> patterns) {}

  /** One policy on one node size, pooled over the seeds. */
  record Summary(double memoryGb, String policy, long calls, long coldStarts, double meanFunctionCold,
      double p75FunctionCold, double wastedMbSeconds, long evictions, long prewarms, long refused,
      double coldRatio, double functionColdRatio, double wasteRatio, int seedsMeetingTarget,
      int seedsMeetingFunctionTarget, int seeds) {}

  private final SimOptions options;
  private final List<TraceInfo> traces;
  private final List<Run> runs;
  private final List<Summary> summaries = new ArrayList<>();

  KeepAliveReport(SimOptions options, List<TraceInfo> traces, List<Run> runs) {
    this.options = options;
    this.traces = List.copyOf(traces);
    this.runs = List.copyOf(runs);
    for (double memory : options.memoryGb()) {
      for (String policy : SimOptions.POLICIES) {
        summaries.add(summarise(memory, policy));
      }
    }
  }

  List<Summary> summaries() {
    return summaries;
  }

  /** Whether {@code r} reaches the target against the baseline run {@code base}: half the cold starts, no more waste. */
  static boolean meetsTarget(SimResult r, SimResult base) {
    return r.coldStarts() <= 0.5 * base.coldStarts() && r.wastedMbSeconds() <= base.wastedMbSeconds();
  }

  /** The same with the per-function mean cold-start fraction in place of the share of all calls. */
  static boolean meetsFunctionTarget(SimResult r, SimResult base) {
    return r.meanFunctionCold() <= 0.5 * base.meanFunctionCold() && r.wastedMbSeconds() <= base.wastedMbSeconds();
  }

  private Summary summarise(double memory, String policy) {
    long calls = 0;
    long cold = 0;
    long baseCold = 0;
    long evictions = 0;
    long prewarms = 0;
    long refused = 0;
    double fnCold = 0;
    double baseFnCold = 0;
    double p75 = 0;
    double waste = 0;
    double baseWaste = 0;
    int meeting = 0;
    int meetingFn = 0;
    int seeds = 0;
    for (long seed : options.seeds()) {
      SimResult r = find(seed, memory, policy);
      SimResult base = find(seed, memory, SimOptions.POLICIES.getFirst());
      seeds++;
      calls += r.calls();
      cold += r.coldStarts();
      baseCold += base.coldStarts();
      evictions += r.evictions();
      prewarms += r.prewarms();
      refused += r.refused();
      fnCold += r.meanFunctionCold();
      baseFnCold += base.meanFunctionCold();
      p75 += r.p75FunctionCold();
      waste += r.wastedMbSeconds();
      baseWaste += base.wastedMbSeconds();
      meeting += meetsTarget(r, base) ? 1 : 0;
      meetingFn += meetsFunctionTarget(r, base) ? 1 : 0;
    }
    return new Summary(memory, policy, calls, cold, fnCold / seeds, p75 / seeds, waste, evictions, prewarms, refused,
        ratio(cold, baseCold), ratio(fnCold, baseFnCold), ratio(waste, baseWaste), meeting, meetingFn, seeds);
  }

  private SimResult find(long seed, double memory, String policy) {
    for (Run run : runs) {
      if (run.seed() == seed && run.memoryGb() == memory && run.result().policy().equals(policy)) {
        return run.result();
      }
    }
    throw new IllegalStateException("no run for seed " + seed + ", " + memory + " GB, " + policy);
  }

  /** The summary table, printed by the command. */
  String summaryTable() {
    StringBuilder b = new StringBuilder();
    b.append("| memory | policy | cold starts | vs fixed | per-function cold (mean) | vs fixed | per-function cold (p75) "
        + "| wasted GB·h | vs fixed | evictions | prewarms | refused | target met: calls | target met: per function |\n");
    b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Summary s : summaries) {
      boolean base = s.policy().equals(SimOptions.POLICIES.getFirst());
      b.append("| %s GB | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %s | %s |\n".formatted(num(s.memoryGb()),
          s.policy(), pct((double) s.coldStarts() / Math.max(1, s.calls())), ratioText(s.coldRatio()),
          pct(s.meanFunctionCold()), ratioText(s.functionColdRatio()), pct(s.p75FunctionCold()),
          fixed1(s.wastedMbSeconds() / GB_HOUR_MB_S / s.seeds()), ratioText(s.wasteRatio()), s.evictions() / s.seeds(),
          s.prewarms() / s.seeds(), s.refused() / s.seeds(), base ? "—" : s.seedsMeetingTarget() + "/" + s.seeds(),
          base ? "—" : s.seedsMeetingFunctionTarget() + "/" + s.seeds()));
    }
    return b.toString();
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Keep-alive policies on a synthetic trace\n\n");
    b.append("Produced by `").append(options.command()).append("`. The simulator runs on virtual time, so the same\n"
        + "command gives the same numbers on any machine.\n\n");
    long calls = traces.stream().mapToLong(TraceInfo::calls).sum() / Math.max(1, traces.size());
    b.append("- **Trace**: synthetic, shaped like the Azure Functions 2019 trace (`io.hearth.bench.sim.TraceGenerator`): ")
        .append(options.functions()).append(" functions, ").append(num(options.hours())).append(" h, ")
        .append(calls).append(" calls per seed on average; patterns per seed: ");
    List<String> patterns = new ArrayList<>();
    for (TraceInfo t : traces) {
      patterns.add("seed " + t.seed() + " " + t.patterns());
    }
    b.append(String.join("; ", patterns)).append(".\n");
    b.append("- **Node**: the real `NodePool` and policies; a fake driver starts a container in its function's cold-start time\n"
        + "  (0.5–2 s) and runs each call for its traced time. No freezing; a call waits up to 1 minute for room.\n");
    b.append("- **Policies**: `fixed` — 10 minutes after each call, LRU eviction; `histogram` — hybrid histogram policy\n"
        + "  (Shahrad et al., ATC 2020) with the paper's settings, LRU eviction; `greedy-dual` — Greedy-Dual eviction\n"
        + "  (Fuerst and Sharma, ASPLOS 2021), idle containers kept while memory allows (up to 7 days); `adaptive` —\n"
        + "  Hearth's: a window per function and rank (the n-th container kept for the gaps in which the function runs\n"
        + "  fewer than n calls), each the cheapest for its gaps at a price of 1 GB × 15 min per cold start (chosen on\n"
        + "  seeds 11–13), prewarming only the first container; eviction of the container expected to hold the most\n"
        + "  memory-time before its next call.\n");
    b.append("- **Cold starts**: calls that waited for a container to start, over all calls. **Per-function cold**: each\n"
        + "  called function's own cold-start fraction, averaged over functions (mean) or its 75th percentile, as\n"
        + "  Shahrad et al. report it. **Wasted**: memory held by containers serving nobody — idle ones, prewarmed ones\n"
        + "  waiting for a call, starts nobody waited for — per seed, in GB·h.\n");
    b.append("- **Target**: at most half the cold starts of `fixed` with no more wasted memory-time, per seed; \"calls\"\n"
        + "  counts cold starts over all calls, \"per function\" uses the per-function mean instead. Evictions, prewarms\n"
        + "  and refused calls are per seed.\n\n");
    b.append("## Summary (seeds pooled)\n\n").append(summaryTable()).append('\n');
    for (double memory : options.memoryGb()) {
      b.append("## Where the cold starts and the waste are: ").append(num(memory)).append(" GB, seeds pooled\n\n");
      b.append(popularityTable(memory)).append('\n');
    }
    b.append("## Every run\n\n");
    b.append("| memory | seed | policy | calls | cold starts | per-function cold (mean) | wait for starts, s "
        + "| wasted GB·h | busy GB·h | launches | prewarms | evictions | refused |\n");
    b.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run run : runs) {
      SimResult r = run.result();
      b.append("| %s GB | %d | %s | %d | %d (%s) | %s | %s | %s | %s | %d | %d | %d | %d |\n".formatted(num(run.memoryGb()),
          run.seed(), r.policy(), r.calls(), r.coldStarts(), pct(r.coldFraction()), pct(r.meanFunctionCold()),
          fixed1(r.coldWaitSeconds()), fixed1(r.wastedMbSeconds() / GB_HOUR_MB_S), fixed1(r.busyMbSeconds() / GB_HOUR_MB_S),
          r.launches(), r.prewarms(), r.evictions(), r.refused()));
    }
    return b.toString();
  }

  /** Cold starts and waste per popularity class, each policy side by side. */
  private String popularityTable(double memory) {
    Map<Integer, Map<String, SimResult.Popularity>> byClass = new TreeMap<>();
    for (Run run : runs) {
      if (run.memoryGb() != memory) {
        continue;
      }
      for (SimResult.Popularity p : run.result().byPopularity()) {
        byClass.computeIfAbsent(p.decade(), k -> new LinkedHashMap<>()).merge(run.result().policy(), p,
            SimResult.Popularity::plus);
      }
    }
    StringBuilder b = new StringBuilder("| calls per day | functions | calls |");
    for (String p : SimOptions.POLICIES) {
      b.append(" cold: ").append(p).append(" |");
    }
    for (String p : SimOptions.POLICIES) {
      b.append(" wasted GB·h: ").append(p).append(" |");
    }
    b.append("\n|---|---:|---:|").append("---:|".repeat(2 * SimOptions.POLICIES.size())).append('\n');
    int seeds = options.seeds().size();
    for (Map<String, SimResult.Popularity> row : byClass.values()) {
      SimResult.Popularity any = row.values().iterator().next();
      b.append("| ").append(any.label()).append(" | ").append(any.functions() / seeds).append(" | ")
          .append(any.calls() / seeds).append(" |");
      for (String p : SimOptions.POLICIES) {
        SimResult.Popularity c = row.get(p);
        b.append(' ').append(c == null ? 0 : c.coldStarts() / seeds).append(" |");
      }
      for (String p : SimOptions.POLICIES) {
        SimResult.Popularity c = row.get(p);
        b.append(' ').append(fixed1(c == null ? 0 : c.wastedMbSeconds() / GB_HOUR_MB_S / seeds)).append(" |");
      }
      b.append('\n');
    }
    b.append("\nPer seed (averaged); classes by the function's calls per day.\n");
    return b.toString();
  }

  String json() {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"command\": ").append(str(options.command())).append(",\n");
    b.append("  \"parameters\": {\"functions\": ").append(options.functions()).append(", \"hours\": ")
        .append(num(options.hours())).append(", \"seeds\": ").append(options.seeds()).append(", \"memoryGb\": [")
        .append(String.join(", ", options.memoryGb().stream().map(KeepAliveReport::num).toList()))
        .append("], \"policies\": [").append(String.join(", ", SimOptions.POLICIES.stream().map(KeepAliveReport::str).toList()))
        .append("], \"baseline\": ").append(str(SimOptions.POLICIES.getFirst())).append("},\n");
    b.append("  \"traces\": [\n");
    List<String> ts = new ArrayList<>();
    for (TraceInfo t : traces) {
      List<String> pats = new ArrayList<>();
      t.patterns().forEach((k, v) -> pats.add(str(k) + ": " + v));
      ts.add("    {\"seed\": %d, \"calls\": %d, \"patterns\": {%s}}".formatted(t.seed(), t.calls(), String.join(", ", pats)));
    }
    b.append(String.join(",\n", ts)).append("\n  ],\n  \"summary\": [\n");
    List<String> ss = new ArrayList<>();
    for (Summary s : summaries) {
      ss.add(("    {\"memoryGb\": %s, \"policy\": %s, \"calls\": %d, \"coldStarts\": %d, \"meanFunctionCold\": %s, "
          + "\"p75FunctionCold\": %s, \"wastedMbSeconds\": %s, \"evictions\": %d, \"prewarms\": %d, \"refused\": %d, "
          + "\"coldRatio\": %s, \"functionColdRatio\": %s, \"wasteRatio\": %s, \"seedsMeetingTarget\": %d, "
          + "\"seedsMeetingFunctionTarget\": %d, \"seeds\": %d}")
          .formatted(num(s.memoryGb()), str(s.policy()), s.calls(), s.coldStarts(), num(s.meanFunctionCold()),
              num(s.p75FunctionCold()), num(s.wastedMbSeconds()), s.evictions(), s.prewarms(), s.refused(),
              num(s.coldRatio()), num(s.functionColdRatio()), num(s.wasteRatio()), s.seedsMeetingTarget(),
              s.seedsMeetingFunctionTarget(), s.seeds()));
    }
    b.append(String.join(",\n", ss)).append("\n  ],\n  \"runs\": [\n");
    List<String> rs = new ArrayList<>();
    for (Run run : runs) {
      SimResult r = run.result();
      List<String> classes = new ArrayList<>();
      for (SimResult.Popularity p : r.byPopularity()) {
        classes.add("{\"callsPerDay\": %s, \"functions\": %d, \"calls\": %d, \"coldStarts\": %d, \"wastedMbSeconds\": %s}"
            .formatted(str(p.label()), p.functions(), p.calls(), p.coldStarts(), num(p.wastedMbSeconds())));
      }
      rs.add(("    {\"seed\": %d, \"memoryGb\": %s, \"policy\": %s, \"calls\": %d, \"coldStarts\": %d, \"refused\": %d, "
          + "\"functionsCalled\": %d, \"meanFunctionCold\": %s, \"p75FunctionCold\": %s, \"coldWaitSeconds\": %s, "
          + "\"wastedMbSeconds\": %s, \"busyMbSeconds\": %s, \"startingMbSeconds\": %s, \"launches\": %d, "
          + "\"prewarms\": %d, \"evictions\": %d, \"byPopularity\": [%s]}")
          .formatted(run.seed(), num(run.memoryGb()), str(r.policy()), r.calls(), r.coldStarts(), r.refused(),
              r.functionsCalled(), num(r.meanFunctionCold()), num(r.p75FunctionCold()), num(r.coldWaitSeconds()),
              num(r.wastedMbSeconds()), num(r.busyMbSeconds()), num(r.startingMbSeconds()), r.launches(), r.prewarms(),
              r.evictions(), String.join(", ", classes)));
    }
    b.append(String.join(",\n", rs)).append("\n  ]\n}\n");
    return b.toString();
  }

  private static double ratio(double a, double b) {
    return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / b;
  }

  private static String ratioText(double r) {
    return Double.isInfinite(r) ? "∞" : String.format(Locale.ROOT, "%.2f×", r);
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * f);
  }

  private static String fixed1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A number for JSON and command lines: integral values without a fraction. */
  static String num(double v) {
    if (Double.isInfinite(v) || Double.isNaN(v)) {
      return "null";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
  }

  private static String str(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
