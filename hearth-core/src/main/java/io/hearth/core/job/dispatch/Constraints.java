package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.util.Map;

/**
 * What one job asks for (its runtime constraints). Immutable; the dispatch package's own view of a
 * job's constraints, adapted from the job model.
 *
 * @param vcpus        whole CPUs, at least 1
 * @param ramBytes     memory in bytes, positive
 * @param scratchBytes scratch disk under {@code /alloc} in bytes, 0 or more
 * @param gpus         GPUs, 0 or more
 */
public record Constraints(int vcpus, long ramBytes, long scratchBytes, int gpus) {
  public Constraints {
    if (vcpus < 1 || ramBytes < 1 || scratchBytes < 0 || gpus < 0) {
      throw new IllegalArgumentException("constraints need vcpus >= 1, ram_bytes >= 1, scratch_bytes >= 0 and"
          + " gpus >= 0, not " + vcpus + ", " + ramBytes + ", " + scratchBytes + ", " + gpus);
    }
  }

  /**
   * What the job reserves on a node: its memory plus the fixed {@code overheadBytes} (the exec's
   * container and log buffers), its CPUs in milli-CPUs, scratch as disk, GPUs. The 0.95 rule is
   * not in it: that rule discounts a type's advertised memory, a node's ledger counts real bytes.
   */
  public Resources request(long overheadBytes) {
    return new Resources(Math.addExact(ramBytes, overheadBytes), vcpus * 1000L,
        Map.of(Resources.DISK, scratchBytes, Resources.GPU, (long) gpus));
  }
}
