package io.hearth.bench.sim;

import io.hearth.core.pool.KeepAliveChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code hearth bench keepalive}: replays synthetic traces through the node pool with each
 * keep-alive policy and reports cold starts and wasted memory. {@link #main} takes the arguments
 * after the subcommand, so another {@code main} can hand them on; it never exits the JVM.
 */
public final class KeepAliveSim {
  private KeepAliveSim() {}

  public static void main(String[] args) throws IOException {
    run(SimOptions.parse(args), System.out);
  }

  /** Runs every seed, node size and policy, prints the summary to {@code out} and writes the report files. */
  public static KeepAliveReport run(SimOptions options, PrintStream out) throws IOException {
    List<KeepAliveReport.TraceInfo> traces = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (long seed : options.seeds()) {
      Trace trace = TraceGenerator.generate(options.functions(), options.hours(), seed);
      Map<String, Integer> patterns = new TreeMap<>();
      trace.functions().forEach(f -> patterns.merge(f.pattern(), 1, Integer::sum));
      traces.add(new KeepAliveReport.TraceInfo(seed, trace.calls(), patterns));
      for (double memory : options.memoryGb()) {
        for (String policy : SimOptions.POLICIES) {
          jobs.add(new Job(seed, memory, policy, trace));
        }
      }
    }
    // Replays are independent and deterministic: run them side by side, report them in order.
    List<KeepAliveReport.Run> runs = jobs.parallelStream().map(Job::run).toList();
    KeepAliveReport report = new KeepAliveReport(options, traces, runs);
    Files.createDirectories(options.out());
    Files.writeString(options.out().resolve("keepalive.md"), report.markdown());
    Files.writeString(options.out().resolve("keepalive.json"), report.json());
    out.println(report.summaryTable());
    out.println("Wrote " + options.out().resolve("keepalive.md") + " and keepalive.json (" + options.command() + ")");
    return report;
  }

  private record Job(long seed, double memoryGb, String policy, Trace trace) {
    KeepAliveReport.Run run() {
      long memoryMb = Math.round(memoryGb * 1024);
      return new KeepAliveReport.Run(seed, memoryGb, Simulator.run(trace, KeepAliveChoice.of(policy), memoryMb));
    }
  }
}
