package io.hearth.core.driver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs containers on one container engine. Every method blocks (call it from a virtual thread) and
 * throws {@link DriverException} when the engine refuses.
 */
public interface ContainerDriver extends AutoCloseable {

  /**
   * Makes sure the image is on the node, pulling it when it is missing.
   *
   * @throws DriverException {@code IMAGE_NOT_FOUND} naming the image, or {@code IMAGE_PULL_TIMEOUT}
   */
  void ensureImage(String image, Duration pullTimeout);

  /** Creates a container (not started) and returns its id. */
  String create(ContainerSpec spec);

  void start(String id);

  /** Freezes every process of the container. */
  void pause(String id);

  void unpause(String id);

  /** Kills the container's processes with SIGKILL; a container that already stopped is fine. */
  void kill(String id);

  /** Removes the container, killing it first when needed; one that is already gone is fine. */
  void remove(String id);

  /** The container's state; {@link ContainerState#gone()} when it does not exist. */
  ContainerState inspect(String id);

  /** Ids of the containers (running or not) that carry all of these labels. */
  List<String> list(Map<String, String> labels);

  /**
   * The containers (running or not) that carry all of these labels, each with all its labels, by
   * container id.
   */
  Map<String, Map<String, String>> listLabels(Map<String, String> labels);

  /**
   * Follows the container's log (stdout and stderr) from the first byte the engine kept until the
   * container has stopped and all of it was delivered — at once for one that already stopped — or
   * the returned handle is closed. Pieces go to {@code sink} on a thread of the driver's.
   *
   * @throws DriverException {@code NO_SUCH_CONTAINER}, or {@code FAILED} when the engine refuses
   */
  AutoCloseable followLog(String id, LogSink sink);

  /**
   * Calls {@code onExit} with the id of every container carrying these labels that stops, for as
   * long as the returned handle is open. The engine's event stream is followed on a virtual thread
   * and re-subscribed when it breaks.
   */
  AutoCloseable onExit(Map<String, String> labels, Consumer<String> onExit);

  @Override
  void close();
}
