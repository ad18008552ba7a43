package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node classes jobs are placed on: the configured instance types ({@code HEARTH_INSTANCE_TYPES},
 * read by {@link InstanceTypes#parse}), or on an all-in-one node one implicit type of the node's own
 * capacity. Immutable.
 *
 * @param types    the types, names unique; empty only when nothing was configured on a cluster
 *                 (then every job is unsatisfiable)
 * @param implicit whether this is the all-in-one node's implicit type: its memory is the node's
 *                 measured capacity, not an advertised figure, so the 0.95 rule does not apply, and
 *                 with one node there is no preemptible choice to match
 */
public record NodeClasses(List<InstanceType> types, boolean implicit) {
  /** The name of the all-in-one node's implicit type; its offers carry it. */
  public static final String ALL_IN_ONE = "all-in-one";

  public NodeClasses {
    types = List.copyOf(types);
    Set<String> names = new HashSet<>();
    for (InstanceType t : types) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("instance type " + t.name() + " is configured twice");
      }
    }
    if (implicit && types.size() != 1) {
      throw new IllegalArgumentException("an all-in-one node has exactly one implicit type");
    }
  }

  /** The configured types of a cluster. */
  public static NodeClasses configured(List<InstanceType> types) {
    return new NodeClasses(types, false);
  }

  /**
   * The one implicit type of an all-in-one node of {@code capacity}: its CPUs rounded down (at least
   * one; a capacity that does not account CPU counts as one), memory, disk and GPUs; price 0.
   */
  public static NodeClasses allInOne(Resources capacity) {
    int vcpus = (int) Math.max(1, capacity.cpuMillis() / 1000);
    InstanceType only = new InstanceType(ALL_IN_ONE, vcpus, capacity.memoryBytes(), capacity.amount(Resources.DISK),
        (int) capacity.amount(Resources.GPU), BigDecimal.ZERO, false);
    return new NodeClasses(List.of(only), true);
  }

  public Optional<InstanceType> named(String name) {
    return types.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
