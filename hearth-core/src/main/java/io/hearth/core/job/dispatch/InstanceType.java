package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A node class: what one node of this type holds and what it costs. Immutable.
 *
 * @param name         the name runners declare ({@code HEARTH_INSTANCE_TYPE}); letters, digits, {@code . _ -}
 * @param vcpus        whole CPUs, at least 1
 * @param ramBytes     memory in bytes as the type advertises it (the 0.95 rule discounts it), positive
 * @param scratchBytes scratch disk in bytes, 0 or more
 * @param gpus         GPUs, 0 or more
 * @param price        price per hour in any one currency, 0 or more; only compared with other types'
 * @param preemptible  whether nodes of this type may be taken away (spot instances)
 */
public record InstanceType(String name, int vcpus, long ramBytes, long scratchBytes, int gpus, BigDecimal price,
    boolean preemptible) {

  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(price, "price");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("instance type name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    if (vcpus < 1) {
      throw new IllegalArgumentException("instance type " + name + ": vcpus must be at least 1, not " + vcpus);
    }
    if (ramBytes < 1) {
      throw new IllegalArgumentException("instance type " + name + ": ram must be positive, not " + ramBytes);
    }
    if (scratchBytes < 0 || gpus < 0) {
      throw new IllegalArgumentException("instance type " + name + ": scratch and gpus cannot be negative");
    }
    if (price.signum() < 0) {
      throw new IllegalArgumentException("instance type " + name + ": price cannot be negative, not " + price);
    }
  }

  /** What a node of this type holds, as the ledger counts it (CPU in milli-CPUs, scratch as disk). */
  public Resources capacity() {
    return new Resources(ramBytes, vcpus * 1000L, Map.of(Resources.DISK, scratchBytes, Resources.GPU, (long) gpus));
  }
}
