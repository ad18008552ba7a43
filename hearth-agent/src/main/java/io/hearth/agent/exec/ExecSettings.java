package io.hearth.agent.exec;

import io.hearth.agent.AgentConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a node runs exec containers: typed once, from the node's {@link AgentConfig} (the hardening
 * function containers get) and the leases settings.
 *
 * @param nodeId         this node; exec containers carry it as {@link #EXEC_NODE_LABEL}
 * @param labels         the node's configured container labels, added to every exec container
 * @param pidsLimit      most processes and threads per container, 0 for none
 * @param nofile         open files limit, 0 for the engine's default
 * @param readOnlyRootfs root filesystem read-only (with a /tmp tmpfs)
 * @param user           "uid:gid" execs run as, empty for the image's; the scratch directory is made
 *                       theirs
 * @param pullTimeout    how long pulling a missing image may take
 * @param maxLogBytes    most bytes of output kept in an exec's log file; beyond it one line says the
 *                       log was cut, and the rest is dropped
 */
public record ExecSettings(String nodeId, Map<String, String> labels, long pidsLimit, long nofile,
    boolean readOnlyRootfs, String user, Duration pullTimeout, long maxLogBytes) {

  /** Which node's exec container this is. Not {@link AgentConfig#NODE_LABEL}: the agent's start-up cleanup removes those. */
  public static final String EXEC_NODE_LABEL = "io.hearth.exec.node";
  /** The alloc an exec container runs in. */
  public static final String ALLOC_LABEL = "io.hearth.alloc";
  /** The exec an exec container runs. */
  public static final String EXEC_LABEL = "io.hearth.exec";
  /** 8 MiB: enough for a batch step's diagnostics, small enough that a chatty exec cannot fill the disk. */
  public static final long DEFAULT_MAX_LOG_BYTES = 8L << 20;

  public ExecSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    labels = Map.copyOf(labels);
    user = user == null ? "" : user;
    Objects.requireNonNull(pullTimeout, "pullTimeout");
    if (maxLogBytes < 1) {
      throw new IllegalArgumentException("an exec's log must keep at least 1 byte, not " + maxLogBytes);
    }
  }

  /** The node's hardening, labels and pull timeout, with the default log bound. */
  public static ExecSettings from(AgentConfig config) {
    return new ExecSettings(config.nodeId(), config.labels(), config.pidsLimit(), config.nofile(),
        config.readOnlyRootfs(), config.user(), config.pullTimeout(), DEFAULT_MAX_LOG_BYTES);
  }

  public ExecSettings withMaxLogBytes(long bytes) {
    return new ExecSettings(nodeId, labels, pidsLimit, nofile, readOnlyRootfs, user, pullTimeout, bytes);
  }

  /**
   * How much the engine's own log of an exec container keeps: room for the bounded log with the
   * json-file driver's per-line overhead (about 4x for short lines), so that a re-adopting node
   * can read the whole bounded log back from the engine.
   */
  long engineLogBytes() {
    return maxLogBytes * 4 + (1L << 20);
  }
}
