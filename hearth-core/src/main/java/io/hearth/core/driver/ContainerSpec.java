package io.hearth.core.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one container: a function container (with a socket directory, the
 * image's own command) or an exec container (no socket directory, a command, bind mounts).
 *
 * @param name           container name (unique on the engine)
 * @param image          image reference
 * @param env            environment variables
 * @param labels         labels; drivers add none of their own
 * @param socketDir      host directory bind-mounted at {@link #CONTAINER_SOCKET_DIR}; null for none
 *                       (exec containers)
 * @param memoryBytes    memory limit; swap is limited to the same (no swap)
 * @param cpuMillis      CPU quota in milli-CPUs, 0 for none
 * @param pidsLimit      most processes and threads, 0 for none
 * @param nofile         open files limit (soft and hard), 0 for the engine's default
 * @param readOnlyRootfs root filesystem read-only, with a tmpfs at /tmp
 * @param tmpfsBytes     size of the /tmp tmpfs, 0 for the engine's default
 * @param user           "uid:gid" the process runs as, empty for the image's
 * @param cmd            the command; empty runs the image's own
 * @param mounts         more host directories bind-mounted into the container
 * @param engineLogBytes how much of its output the engine's own log keeps, 0 for the driver's default
 *                       (a small post-mortem log)
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
    String user,
    List<String> cmd,
    List<Mount> mounts,
    long engineLogBytes) {

  /** Where the socket directory appears inside the container (Fn's contract). */
  public static final String CONTAINER_SOCKET_DIR = "/tmp/iofs";

  public ContainerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    user = user == null ? "" : user;
    cmd = List.copyOf(cmd);
    mounts = List.copyOf(mounts);
    if (engineLogBytes < 0) {
      throw new IllegalArgumentException("engine log size must not be negative: " + engineLogBytes);
    }
  }

  /** A function container: its socket directory, the image's own command, no other mounts. */
  public ContainerSpec(String name, String image, Map<String, String> env, Map<String, String> labels, Path socketDir,
      long memoryBytes, long cpuMillis, long pidsLimit, long nofile, boolean readOnlyRootfs, long tmpfsBytes,
      String user) {
    this(name, image, env, labels, Objects.requireNonNull(socketDir, "socketDir"), memoryBytes, cpuMillis, pidsLimit,
        nofile, readOnlyRootfs, tmpfsBytes, user, List.of(), List.of(), 0);
  }

  /**
   * A host directory bind-mounted into the container.
   *
   * @param hostDir  the directory on the host
   * @param target   where the container sees it (an absolute path)
   * @param readOnly whether the container may only read it
   */
  public record Mount(Path hostDir, String target, boolean readOnly) {
    public Mount {
      Objects.requireNonNull(hostDir, "hostDir");
      if (!target.startsWith("/")) {
        throw new IllegalArgumentException("a mount's target must be an absolute path, not '" + target + "'");
      }
    }
  }
}
