package io.hearth.core.lease;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs execs' containers on the node's engine, with the hardening function containers get
 * ({@code --network none}, no new privileges, dropped capabilities, pids and open-files limits, a
 * non-root user, read-only root with a {@code /tmp} tmpfs where configured), the alloc's scratch
 * directory at {@link ExecLaunch#SCRATCH_MOUNT}, and labels naming the node, alloc and exec — labels
 * the function agent's start-up cleanup does not match, so exec containers outlive a restart of the
 * Hearth process. Methods block (call them from a virtual thread) and are thread-safe.
 */
public interface ExecRunner {

  /**
   * Makes sure the image is here, creates and starts the exec's container, and follows it: its
   * output into {@link ExecLaunch#logFile()}, and its end (exit, out of memory, timeout, kill) into
   * {@code onEnd}, called exactly once, on another thread.
   *
   * @return the container's id
   * @throws io.hearth.core.driver.DriverException when the image is missing or the engine refuses;
   *     then nothing is left behind and {@code onEnd} is never called
   */
  String start(ExecLaunch launch, Consumer<ExecOutcome> onEnd);

  /**
   * Follows a container started by an earlier run of this node (found through {@link #list}), as
   * {@link #start} does; when it has already ended, {@code onEnd} is called soon with how it ended
   * (or failed, "its container is gone", when the engine no longer has it).
   */
  void adopt(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd);

  /** Kills the exec's container; its {@code onEnd} reports it killed with {@code reason}. A container that ended is fine. */
  void kill(String containerId, String reason);

  /** Removes the container once its alloc is collected; one that is gone is fine. */
  void remove(String containerId);

  /** This node's exec containers, running or not. */
  List<ExecContainer> list();

  /** An exec container the engine has, by its labels. */
  record ExecContainer(String containerId, String allocId, String execId) {}
}
