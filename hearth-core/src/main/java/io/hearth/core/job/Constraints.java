package io.hearth.core.job;

/**
 * What a job's container needs: whole CPUs, memory and scratch space in bytes, GPUs. The dispatcher
 * picks the cheapest node class that holds them (SEMANTICS.md A).
 *
 * @throws IllegalArgumentException naming the field (as the API spells it) that is out of range
 */
public record Constraints(int vcpus, long ramBytes, long scratchBytes, int gpus) {

  /** 1 CPU, 256 MiB of memory, no scratch space, no GPU. */
  public static final Constraints DEFAULT = new Constraints(1, 256L << 20, 0, 0);

  public Constraints {
    if (vcpus < 1) {
      throw new IllegalArgumentException("constraints.vcpus must be at least 1, got " + vcpus);
    }
    if (ramBytes < 1) {
      throw new IllegalArgumentException("constraints.ram_bytes must be at least 1, got " + ramBytes);
    }
    if (scratchBytes < 0) {
      throw new IllegalArgumentException("constraints.scratch_bytes must not be negative, got " + scratchBytes);
    }
    if (gpus < 0) {
      throw new IllegalArgumentException("constraints.gpus must not be negative, got " + gpus);
    }
  }
}
