package io.hearth.core.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An amount of a node's resources: its capacity, what it has granted, or what one holder needs.
 * Immutable.
 *
 * <p>Memory and CPU are fields; everything else is a <em>named</em> resource ({@link #DISK} bytes,
 * {@link #GPU}s, any other name a node declares). A name that is missing is 0, so two values that
 * differ only by zero entries are equal.
 *
 * @param memoryBytes memory in bytes
 * @param cpuMillis   CPU in milli-CPUs (1000 = one core). A <em>capacity</em> of 0 CPU means the node
 *                    does not account CPU (see {@link #fits}); in a request 0 asks for none
 * @param named       the other resources by name, all positive (zero entries are dropped)
 */
public record Resources(long memoryBytes, long cpuMillis, Map<String, Long> named) {
  /** The name memory goes by in a {@link Shortfall}. */
  public static final String MEMORY = "memory";
  /** The name CPU goes by in a {@link Shortfall}. */
  public static final String CPU = "cpu";
  /** Scratch disk, in bytes. */
  public static final String DISK = "disk";
  /** GPUs, counted whole. */
  public static final String GPU = "gpu";

  public static final Resources ZERO = new Resources(0, 0);

  public Resources {
    if (memoryBytes < 0 || cpuMillis < 0) {
      throw new IllegalArgumentException("resources cannot be negative: " + memoryBytes + " bytes, " + cpuMillis + " mCPU");
    }
    named = named.isEmpty() ? Map.of() : normalized(named);
  }

  /** Memory and CPU only. */
  public Resources(long memoryBytes, long cpuMillis) {
    this(memoryBytes, cpuMillis, Map.of());
  }

  private static Map<String, Long> normalized(Map<String, Long> named) {
    TreeMap<String, Long> copy = new TreeMap<>();
    named.forEach((name, amount) -> {
      Objects.requireNonNull(name, "resource name");
      Objects.requireNonNull(amount, "amount of " + name);
      if (name.equals(MEMORY) || name.equals(CPU)) {
        throw new IllegalArgumentException("'" + name + "' is a field of Resources, not a named resource");
      }
      if (amount < 0) {
        throw new IllegalArgumentException("resources cannot be negative: " + amount + " " + name);
      }
      if (amount > 0) {
        copy.put(name, amount);
      }
    });
    return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
  }

  /** How much of resource {@code name} this is ({@link #MEMORY}, {@link #CPU} or a named one); 0 when missing. */
  public long amount(String name) {
    return switch (name) {
      case MEMORY -> memoryBytes;
      case CPU -> cpuMillis;
      default -> named.getOrDefault(name, 0L);
    };
  }

  /** A copy with named resource {@code name} set to {@code amount}. */
  public Resources with(String name, long amount) {
    if (name.equals(MEMORY)) {
      return new Resources(amount, cpuMillis, named);
    }
    if (name.equals(CPU)) {
      return new Resources(memoryBytes, amount, named);
    }
    TreeMap<String, Long> copy = new TreeMap<>(named);
    copy.put(name, amount);
    return new Resources(memoryBytes, cpuMillis, copy);
  }

  public boolean isZero() {
    return memoryBytes == 0 && cpuMillis == 0 && named.isEmpty();
  }

  public Resources plus(Resources o) {
    return new Resources(Math.addExact(memoryBytes, o.memoryBytes), Math.addExact(cpuMillis, o.cpuMillis),
        named.isEmpty() && o.named.isEmpty() ? Map.of() : combine(o, 1));
  }

  /** This minus {@code o}; throws when any resource would go negative (a bug in the caller's accounting). */
  public Resources minus(Resources o) {
    return new Resources(memoryBytes - o.memoryBytes, cpuMillis - o.cpuMillis,
        named.isEmpty() && o.named.isEmpty() ? Map.of() : combine(o, -1));
  }

  private Map<String, Long> combine(Resources o, int sign) {
    TreeMap<String, Long> sum = new TreeMap<>(named);
    o.named.forEach((name, amount) -> sum.merge(name, sign * amount, Math::addExact));
    return sum;
  }

  /** Whether this has at least as much of every resource as {@code o}. */
  public boolean covers(Resources o) {
    if (memoryBytes < o.memoryBytes || cpuMillis < o.cpuMillis) {
      return false;
    }
    for (Map.Entry<String, Long> e : o.named.entrySet()) {
      if (amount(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code request} fits into what is free given this capacity and {@code used}: the one
   * fit function for every admission decision (the node's ledger and the lb's placers). A capacity
   * with 0 CPU does not account CPU; a named resource the capacity lacks fits only a request of 0.
   */
  public boolean fits(Resources used, Resources request) {
    return missing(used, request).isZero();
  }

  /**
   * How much more of each resource this capacity would need for {@code request} to fit next to
   * {@code used}: zero where it fits, so {@link #fits} is {@code missing(...).isZero()}.
   */
  public Resources missing(Resources used, Resources request) {
    long memory = Math.max(0, used.memoryBytes + request.memoryBytes - memoryBytes);
    long cpu = cpuMillis == 0 ? 0 : Math.max(0, used.cpuMillis + request.cpuMillis - cpuMillis);
    if (request.named.isEmpty()) {
      return memory == 0 && cpu == 0 ? ZERO : new Resources(memory, cpu);
    }
    TreeMap<String, Long> lacking = new TreeMap<>();
    request.named.forEach((name, amount) -> {
      long over = used.amount(name) + amount - amount(name);
      if (over > 0) {
        lacking.put(name, over);
      }
    });
    return new Resources(memory, cpu, lacking);
  }

  /** Each resource with a non-zero amount, memory and CPU first, as shortfalls. */
  public List<Shortfall> asShortfalls() {
    List<Shortfall> out = new ArrayList<>();
    if (memoryBytes > 0) {
      out.add(new Shortfall(MEMORY, memoryBytes));
    }
    if (cpuMillis > 0) {
      out.add(new Shortfall(CPU, cpuMillis));
    }
    named.forEach((name, amount) -> out.add(new Shortfall(name, amount)));
    return out;
  }
}
