package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resources on the API's wire, checked: the names are {@link ResourceNames}' ({@code memory_bytes},
 * {@code cpu_mcpus}, {@code disk_bytes}, {@code gpus}, any other key a named resource); this adds
 * what a request may not do (a negative amount, the ledger's own {@code memory}/{@code cpu}/{@code
 * disk}/{@code gpu}, a key that cannot be a name) and shows the four fields always. A missing key is
 * 0. Pure.
 */
public final class WireResources {
  public static final String MEMORY_BYTES = ResourceNames.MEMORY_BYTES;
  public static final String CPU_MCPUS = ResourceNames.CPU_MCPUS;
  public static final String DISK_BYTES = ResourceNames.DISK_BYTES;
  public static final String GPUS = ResourceNames.GPUS;
  /** What a named resource's key may be: short, printable, no spaces. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
  /** The ledger's own names, which would alias the four fields above. */
  private static final Map<String, String> ALIASES = Map.of(Resources.MEMORY, MEMORY_BYTES, Resources.CPU, CPU_MCPUS,
      Resources.DISK, DISK_BYTES, Resources.GPU, GPUS);
  private static final Set<String> FIELDS = Set.of(MEMORY_BYTES, CPU_MCPUS, DISK_BYTES, GPUS);

  private WireResources() {}

  /** The wire map: the four fields always (0 when none), then each other named resource, sorted. */
  public static SortedMap<String, Long> toWire(Resources r) {
    TreeMap<String, Long> out = new TreeMap<>(ResourceNames.toWire(r));
    FIELDS.forEach(f -> out.putIfAbsent(f, 0L));
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
    wire.forEach((key, amount) -> {
      checkKey(key);
      if (amount < 0) {
        throw new IllegalArgumentException("Invalid resources." + key + ": must be a whole number >= 0, is " + amount);
      }
    });
    return ResourceNames.fromWire(wire);
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
