package io.hearth.client;

import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v2/allocs/{id}/execs}: a container to run to completion in an alloc. Start with
 * {@link #of} and add what else applies.
 *
 * @param image     the image to run
 * @param cmd       its command (empty: the image's own)
 * @param env       its environment
 * @param resources its share of the alloc; empty takes all the alloc has free
 * @param timeout   kill it after this long; empty: no limit but the alloc's life
 * @param labels    its labels
 * @param mounts    sub-directories of the alloc's scratch directory mounted elsewhere in the container:
 *                  container path (absolute, not under {@code /alloc}) to a path relative to the
 *                  scratch directory, e.g. {@code "/out" -> "out"}; the node creates them
 */
public record ExecRequest(String image, List<String> cmd, Map<String, String> env, Optional<Resources> resources,
    Optional<Duration> timeout, Map<String, String> labels, Map<String, String> mounts) {

  public ExecRequest {
    Objects.requireNonNull(image, "image");
    if (image.isBlank()) {
      throw new IllegalArgumentException("an exec needs an image");
    }
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(timeout, "timeout");
    labels = Map.copyOf(labels);
    mounts = Map.copyOf(mounts);
  }

  public ExecRequest(String image, List<String> cmd, Map<String, String> env, Optional<Resources> resources,
      Optional<Duration> timeout, Map<String, String> labels) {
    this(image, cmd, env, resources, timeout, labels, Map.of());
  }

  public static ExecRequest of(String image, List<String> cmd) {
    return new ExecRequest(image, cmd, Map.of(), Optional.empty(), Optional.empty(), Map.of());
  }

  public ExecRequest withEnv(Map<String, String> env) {
    return new ExecRequest(image, cmd, env, resources, timeout, labels, mounts);
  }

  public ExecRequest withResources(Resources resources) {
    return new ExecRequest(image, cmd, env, Optional.of(resources), timeout, labels, mounts);
  }

  public ExecRequest withTimeout(Duration timeout) {
    return new ExecRequest(image, cmd, env, resources, Optional.of(timeout), labels, mounts);
  }

  public ExecRequest withLabels(Map<String, String> labels) {
    return new ExecRequest(image, cmd, env, resources, timeout, Map.copyOf(labels), mounts);
  }

  public ExecRequest withMounts(Map<String, String> mounts) {
    return new ExecRequest(image, cmd, env, resources, timeout, labels, mounts);
  }
}
