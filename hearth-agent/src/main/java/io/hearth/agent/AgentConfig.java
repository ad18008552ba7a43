package io.hearth.agent;

import java.nio.file.Path;
import io.hearth.core.pool.FreezePolicy;
import io.hearth.core.pool.PoolConfig;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The node agent's settings, parsed once in {@code main}.
 *
 * @param nodeId           names this node's containers (label and name prefix); stable across restarts
 *                         so that a restarted node removes what its predecessor left behind
 * @param socketRoot       host directory under which each container gets its socket directory; keep
 *                         the path short: a unix socket path may not exceed 107 bytes
 * @param startTimeout     longest a container may take to create its socket
 * @param pullTimeout      longest an image pull may take
 * @param maxRequestBytes  largest request body accepted, 0 for no limit
 * @param maxResponseBytes largest response body a function may send, 0 for no limit
 * @param maxHeaderBytes   largest response head a function may send
 * @param pidsLimit        processes and threads per container
 * @param nofile           open files per container
 * @param readOnlyRootfs   root filesystem read-only with a tmpfs /tmp
 * @param user             uid:gid functions run as
 * @param labels           extra labels for every container (beside the node and function labels)
 * @param pool             capacity, freezing and queueing of the node pool
 */
public record AgentConfig(
    String nodeId,
    Path socketRoot,
    Duration startTimeout,
    Duration pullTimeout,
    long maxRequestBytes,
    long maxResponseBytes,
    int maxHeaderBytes,
    long pidsLimit,
    long nofile,
    boolean readOnlyRootfs,
    String user,
    Map<String, String> labels,
    PoolConfig pool) {

  /** Labels every container of Hearth's carries: which node owns it. */
  public static final String NODE_LABEL = "io.hearth.node";
  public static final String FN_LABEL = "io.hearth.fn";

  public AgentConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(socketRoot, "socketRoot");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(pool, "pool");
    if (!nodeId.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,40}")) {
      throw new IllegalArgumentException("node id must be 1-41 letters, digits, '_', '.' or '-', not '" + nodeId + "'");
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("start timeout must be positive");
    }
  }

  /** Fn's defaults, but with a start timeout that a JVM function can meet on a busy machine. */
  public static AgentConfig defaults(String nodeId, Path socketRoot) {
    return new AgentConfig(nodeId, socketRoot, Duration.ofSeconds(10), Duration.ofMinutes(10), 0, 0,
        64 * 1024, 64, 350, true, "1000:1000", Map.of(),
        new PoolConfig(new Resources(4L << 30, 0), FreezePolicy.after(Duration.ofMillis(50)), Duration.ofSeconds(30),
            false));
  }
}
