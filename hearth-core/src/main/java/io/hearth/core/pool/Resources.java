package io.hearth.core.pool;

/**
 * An amount of memory and CPU: a node's capacity, what it has granted, or what one container needs.
 *
 * @param memoryBytes memory in bytes
 * @param cpuMillis   CPU in milli-CPUs (1000 = one core); 0 in a request means "not limited"
 */
public record Resources(long memoryBytes, long cpuMillis) {
  public static final Resources ZERO = new Resources(0, 0);

  public Resources {
    if (memoryBytes < 0 || cpuMillis < 0) {
      throw new IllegalArgumentException("resources cannot be negative: " + memoryBytes + " bytes, " + cpuMillis + " mCPU");
    }
  }

  public Resources plus(Resources o) {
    return new Resources(memoryBytes + o.memoryBytes, cpuMillis + o.cpuMillis);
  }

  public Resources minus(Resources o) {
    return new Resources(memoryBytes - o.memoryBytes, cpuMillis - o.cpuMillis);
  }

  /**
   * Whether {@code request} fits into what is free given this capacity and {@code used}: the one
   * fit function for every admission decision. A capacity with 0 CPU does not account CPU.
   */
  public boolean fits(Resources used, Resources request) {
    boolean memory = used.memoryBytes + request.memoryBytes <= memoryBytes;
    boolean cpu = cpuMillis == 0 || used.cpuMillis + request.cpuMillis <= cpuMillis;
    return memory && cpu;
  }
}
