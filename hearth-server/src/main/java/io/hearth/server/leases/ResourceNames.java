package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resources as the allocs API and the lease store name them: {@code memory_bytes}, {@code
 * cpu_mcpus}, {@code disk_bytes}, {@code gpus}, and any other key a named resource of its own name.
 * A missing key is 0.
 */
public final class ResourceNames {
  public static final String MEMORY_BYTES = "memory_bytes";
  public static final String CPU_MCPUS = "cpu_mcpus";
  public static final String DISK_BYTES = "disk_bytes";
  public static final String GPUS = "gpus";

  private ResourceNames() {}

  /** Memory and CPU always, the named resources that are not 0. */
  public static Map<String, Long> toWire(Resources r) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(MEMORY_BYTES, r.memoryBytes());
    out.put(CPU_MCPUS, r.cpuMillis());
    r.named().forEach((name, amount) -> out.put(wireName(name), amount));
    return out;
  }

  /**
   * @throws IllegalArgumentException when an amount is negative or a key is {@code memory} or
   *     {@code cpu} (which the API spells {@code memory_bytes} and {@code cpu_mcpus})
   */
  public static Resources fromWire(Map<String, Long> wire) {
    long memory = 0;
    long cpu = 0;
    Map<String, Long> named = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : wire.entrySet()) {
      switch (e.getKey()) {
        case MEMORY_BYTES -> memory = e.getValue();
        case CPU_MCPUS -> cpu = e.getValue();
        default -> named.put(ledgerName(e.getKey()), e.getValue());
      }
    }
    return new Resources(memory, cpu, named);
  }

  /** The API's name of a ledger resource ({@link Resources#MEMORY}, {@link Resources#DISK}, ...). */
  public static String wireName(String ledgerName) {
    return switch (ledgerName) {
      case Resources.MEMORY -> MEMORY_BYTES;
      case Resources.CPU -> CPU_MCPUS;
      case Resources.DISK -> DISK_BYTES;
      case Resources.GPU -> GPUS;
      default -> ledgerName;
    };
  }

  static String ledgerName(String wireName) {
    return switch (wireName) {
      case MEMORY_BYTES -> Resources.MEMORY;
      case CPU_MCPUS -> Resources.CPU;
      case DISK_BYTES -> Resources.DISK;
      case GPUS -> Resources.GPU;
      default -> wireName;
    };
  }
}
