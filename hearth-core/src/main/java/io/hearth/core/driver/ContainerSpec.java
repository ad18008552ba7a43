package io.hearth.core.driver;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one function container.
 *
 * @param name           container name (unique on the engine)
 * @param image          image reference
 * @param env            environment variables
 * @param labels         labels; drivers add none of their own
 * @param socketDir      host directory bind-mounted at {@link #CONTAINER_SOCKET_DIR}
 * @param memoryBytes    memory limit; swap is limited to the same (no swap)
 * @param cpuMillis      CPU quota in milli-CPUs, 0 for none
 * @param pidsLimit      most processes and threads, 0 for none
 * @param nofile         open files limit (soft and hard), 0 for the engine's default
 * @param readOnlyRootfs root filesystem read-only, with a tmpfs at /tmp
 * @param tmpfsBytes     size of the /tmp tmpfs, 0 for the engine's default
 * @param user           "uid:gid" the process runs as, empty for the image's
 */
public record ContainerSpec(
    String name,
    String image,
    Map<String, String> env,
    Map<String, String> labels,
    Path socketDir,
    long memoryBytes,
    long cpuMillis,
    long pidsLimit,
    long nofile,
    boolean readOnlyRootfs,
    long tmpfsBytes,
    String user) {

  /** Where the socket directory appears inside the container (Fn's contract). */
  public static final String CONTAINER_SOCKET_DIR = "/tmp/iofs";

  public ContainerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(socketDir, "socketDir");
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    user = user == null ? "" : user;
  }
}
