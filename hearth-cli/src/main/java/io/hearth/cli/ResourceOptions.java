package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/** What an alloc reserves or an exec takes of it, as options; the API's {@code resources} object. */
final class ResourceOptions {
  @Option(names = "--memory", paramLabel = "BYTES",
      description = "memory, e.g. 512Mi or 2Gi (Ki Mi Gi Ti: powers of 1024; K M G T: of 1000; no unit: bytes)")
  String memory;
  @Option(names = "--cpus", paramLabel = "CPUS", description = "CPU as cores (1, 0.5) or milli-CPUs (500m)")
  String cpus;
  @Option(names = "--disk", paramLabel = "BYTES", description = "scratch disk for /alloc, e.g. 1Gi")
  String disk;
  @Option(names = "--gpus", paramLabel = "N", description = "whole GPUs")
  Long gpus;
  @Option(names = "--resource", paramLabel = "NAME=N",
      description = "a named resource the node declares (repeat for more)")
  List<String> named;

  /** Whether any amount was given. */
  boolean any() {
    return memory != null || cpus != null || disk != null || gpus != null || named != null && !named.isEmpty();
  }

  /** {@code {"memory_bytes", "cpu_mcpus", "disk_bytes", "gpus", ...}} of what was given. */
  ObjectNode json() {
    ObjectNode n = ApiClient.JSON.createObjectNode();
    if (memory != null) {
      n.put("memory_bytes", Quantities.bytes(memory, "--memory"));
    }
    if (cpus != null) {
      n.put("cpu_mcpus", Quantities.milliCpus(cpus, "--cpus"));
    }
    if (disk != null) {
      n.put("disk_bytes", Quantities.bytes(disk, "--disk"));
    }
    if (gpus != null) {
      if (gpus < 0) {
        throw CliFailure.usage("--gpus cannot be negative: " + gpus);
      }
      n.put("gpus", gpus);
    }
    if (named != null) {
      for (String p : named) {
        int eq = p.indexOf('=');
        String name = eq <= 0 ? "" : p.substring(0, eq);
        long amount;
        try {
          amount = eq <= 0 ? -1 : Long.parseLong(p.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
          amount = -1;
        }
        if (name.isBlank() || amount < 0) {
          throw CliFailure.usage("--resource takes NAME=N with a whole number N >= 0, e.g. fpga=1, not '" + p + "'");
        }
        n.put(name.strip(), amount);
      }
    }
    return n;
  }

  /** Resources for people: {@code 512Mi memory, 1 CPU, 1Gi disk, 1 GPU, fpga=2}; zeros left out. */
  static String describe(JsonNode r) {
    StringBuilder b = new StringBuilder();
    r.properties().forEach(e -> {
      long v = e.getValue().asLong();
      if (v == 0) {
        return;
      }
      if (!b.isEmpty()) {
        b.append(", ");
      }
      switch (e.getKey()) {
        case "memory_bytes" -> b.append(Quantities.bytes(v)).append(" memory");
        case "cpu_mcpus" -> b.append(Quantities.cpus(v)).append(v == 1000 ? " CPU" : " CPUs");
        case "disk_bytes" -> b.append(Quantities.bytes(v)).append(" disk");
        case "gpus" -> b.append(v).append(v == 1 ? " GPU" : " GPUs");
        default -> b.append(e.getKey()).append('=').append(v);
      }
    });
    return b.isEmpty() ? "nothing" : b.toString();
  }
}
