package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resources as the leases API and the lease store name them: {@code memory_bytes}, {@code
 * cpu_mcpus}, {@code disk_bytes} ({@link Resources#DISK}), {@code gpus} ({@link Resources#GPU}), and
 * any other key a named resource of that name. A missing key is 0. Pure.
 */
public final class WireResources {
  public static final String MEMORY_BYTES = "memory_bytes";
  public static final String CPU_MCPUS = "cpu_mcpus";
  public static final String DISK_BYTES = "disk_bytes";
  public static final String GPUS = "gpus";
  /** What a named resource's key may be: short, printable, no spaces. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
  /** The ledger's own names, which would alias the four fields above. */
  private static final Map<String, String> ALIASES = Map.of(Resources.MEMORY, MEMORY_BYTES, Resources.CPU, CPU_MCPUS,
      Resources.DISK, DISK_BYTES, Resources.GPU, GPUS);
  private static final Set<String> FIELDS = Set.of(MEMORY_BYTES, CPU_MCPUS, DISK_BYTES, GPUS);

  private WireResources() {}

  /** The wire map: the four fields always (0 when none), then each other named resource, sorted. */
  public static SortedMap<String, Long> toWire(Resources r) {
    TreeMap<String, Long> out = new TreeMap<>();
    out.put(MEMORY_BYTES, r.memoryBytes());
    out.put(CPU_MCPUS, r.cpuMillis());
    out.put(DISK_BYTES, r.amount(Resources.DISK));
    out.put(GPUS, r.amount(Resources.GPU));
    r.named().forEach((name, amount) -> {
      if (!name.equals(Resources.DISK) && !name.equals(Resources.GPU)) {
        out.put(name, amount);
      }
    });
    return Collections.unmodifiableSortedMap(out);
  }

  /**
   * The resources a wire map names.
   *
   * @throws IllegalArgumentException naming the key, for a negative amount or a key that is not a
   *     resource name (the ledger's own {@code memory}, {@code cpu}, {@code disk}, {@code gpu} say which
   *     key to use instead)
   */
  public static Resources fromWire(Map<String, Long> wire) {
    long memory = 0;
    long cpu = 0;
    TreeMap<String, Long> named = new TreeMap<>();
    for (Map.Entry<String, Long> e : wire.entrySet()) {
      String key = e.getKey();
      long amount = e.getValue();
      checkKey(key);
      if (amount < 0) {
        throw new IllegalArgumentException("Invalid resources." + key + ": must be a whole number >= 0, is " + amount);
      }
      switch (key) {
        case MEMORY_BYTES -> memory = amount;
        case CPU_MCPUS -> cpu = amount;
        case DISK_BYTES -> named.put(Resources.DISK, amount);
        case GPUS -> named.put(Resources.GPU, amount);
        default -> named.put(key, amount);
      }
    }
    return new Resources(memory, cpu, named);
  }

  /**
   * @throws IllegalArgumentException when {@code key} cannot name a resource on the wire
   */
  static void checkKey(String key) {
    if (FIELDS.contains(key)) {
      return;
    }
    String instead = ALIASES.get(key);
    if (instead != null) {
      throw new IllegalArgumentException("Invalid resources key '" + key + "': use '" + instead + "'");
    }
    if (!NAME.matcher(key).matches()) {
      throw new IllegalArgumentException("Invalid resources key '" + LeaseRequests.shorten(key)
          + "': a named resource is 1 to 64 letters, digits or '_', '.', ':', '/', '-'");
    }
  }
}
