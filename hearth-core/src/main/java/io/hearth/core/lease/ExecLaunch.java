package io.hearth.core.lease;

import io.hearth.core.ledger.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One exec as its node runs it: a container run to completion inside alloc {@code allocId}.
 *
 * @param allocId    the alloc it runs in (the full id, {@code <node id>.<id>})
 * @param execId     unique among all execs
 * @param image      image reference
 * @param cmd        the command; empty runs the image's own
 * @param env        its environment
 * @param resources  its share of the alloc: memory (the container's limit), CPU (its quota)
 * @param labels     the user's labels, added to the container's own ({@code io.hearth.alloc}, {@code io.hearth.exec})
 * @param timeout    how long it may run before it is killed; empty: as long as its alloc lives
 * @param scratchDir the alloc's scratch directory on the host, mounted read-write at {@link #SCRATCH_MOUNT}
 * @param logFile    where its stdout and stderr go on the host, interleaved, bounded by the runner
 * @param mounts     more of the scratch directory mounted elsewhere: container path to a directory on
 *                   the host under {@code scratchDir} (e.g. {@code /out} to {@code <scratch>/out}),
 *                   created by the runner; validated by whoever built the launch
 */
public record ExecLaunch(
    String allocId, String execId, String image, List<String> cmd, Map<String, String> env, Resources resources,
    Map<String, String> labels, Optional<Duration> timeout, Path scratchDir, Path logFile, Map<String, Path> mounts) {

  /** Where the execs of one alloc see their shared scratch directory. */
  public static final String SCRATCH_MOUNT = "/alloc";

  public ExecLaunch {
    Objects.requireNonNull(allocId, "allocId");
    Objects.requireNonNull(execId, "execId");
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    Objects.requireNonNull(resources, "resources");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(scratchDir, "scratchDir");
    Objects.requireNonNull(logFile, "logFile");
    mounts = Map.copyOf(mounts);
  }

  /** A launch with nothing mounted but the scratch directory at {@link #SCRATCH_MOUNT}. */
  public ExecLaunch(String allocId, String execId, String image, List<String> cmd, Map<String, String> env,
      Resources resources, Map<String, String> labels, Optional<Duration> timeout, Path scratchDir, Path logFile) {
    this(allocId, execId, image, cmd, env, resources, labels, timeout, scratchDir, logFile, Map.of());
  }
}
