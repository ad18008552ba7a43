package io.hearth.agent.exec;

import io.hearth.agent.AgentConfig;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecRunner.ExecContainer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an exec's container is: its name, labels and spec, and back from labels to the exec. Pure. */
final class ExecSpecs {
  /** Keys Hearth owns: a user's label with one of these prefixes is dropped, never let override Hearth's. */
  static final String RESERVED_PREFIX = "io.hearth.";
  /**
   * The keys in Hearth's namespace an exec's request may set: a job dispatcher names the job and
   * attempt a container runs ({@code docker ps --filter label=io.hearth.job=...}); nothing on the node
   * reads them, so a user setting them overrides nothing of Hearth's.
   */
  static final java.util.Set<String> PASSED = java.util.Set.of("io.hearth.job", "io.hearth.attempt");

  private ExecSpecs() {}

  /** The container name: unique per exec, readable, and only characters the engine accepts. */
  static String name(ExecLaunch launch) {
    return "hearth-exec-" + launch.execId().replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  /**
   * The node's configured labels (but {@code io.hearth.node}), then the user's (but none in Hearth's own {@code io.hearth.}
   * namespace except {@link #PASSED}), then Hearth's: the exec node, alloc and exec. Never the function agent's {@code
   * io.hearth.node}: its start-up cleanup removes every container carrying it.
   */
  static Map<String, String> labels(ExecSettings settings, ExecLaunch launch) {
    Map<String, String> labels = new HashMap<>(settings.labels());
    labels.remove(AgentConfig.NODE_LABEL); // even when a node's configured labels carry it
    launch.labels().forEach((k, v) -> {
      if (!k.startsWith(RESERVED_PREFIX) || PASSED.contains(k)) {
        labels.put(k, v);
      }
    });
    labels.putAll(own(settings.nodeId()));
    labels.put(ExecSettings.ALLOC_LABEL, launch.allocId());
    labels.put(ExecSettings.EXEC_LABEL, launch.execId());
    return labels;
  }

  /** The label every exec container of this node carries, and only they. */
  static Map<String, String> own(String nodeId) {
    return Map.of(ExecSettings.EXEC_NODE_LABEL, nodeId);
  }

  static ContainerSpec spec(ExecSettings settings, ExecLaunch launch) {
    List<ContainerSpec.Mount> mounts = new java.util.ArrayList<>();
    mounts.add(new ContainerSpec.Mount(launch.scratchDir(), ExecLaunch.SCRATCH_MOUNT, false));
    new java.util.TreeMap<>(launch.mounts()).forEach((at, dir) -> mounts.add(new ContainerSpec.Mount(dir, at, false)));
    return new ContainerSpec(name(launch), launch.image(), launch.env(), labels(settings, launch), null,
        launch.resources().memoryBytes(), launch.resources().cpuMillis(), settings.pidsLimit(), settings.nofile(),
        settings.readOnlyRootfs(), 0, settings.user(), launch.cmd(),
        mounts, settings.engineLogBytes());
  }

  /** The exec a listed container runs, from its labels; empty when they do not name one. */
  static Optional<ExecContainer> fromLabels(String containerId, Map<String, String> labels) {
    String alloc = labels.get(ExecSettings.ALLOC_LABEL);
    String exec = labels.get(ExecSettings.EXEC_LABEL);
    if (alloc == null || exec == null) {
      return Optional.empty();
    }
    return Optional.of(new ExecContainer(containerId, alloc, exec));
  }
}
