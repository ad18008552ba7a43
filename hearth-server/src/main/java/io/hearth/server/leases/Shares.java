package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.Shortfall;
import java.util.List;
import java.util.StringJoiner;

/** The words of refusals about resources, in the API's names, so a person sees which key of their request to change. */
final class Shares {
  private Shares() {}

  /** Each resource {@code asked} has more of than {@code free}: "memory_bytes 600 asked, 400 free of its 1000". */
  static String describe(Resources asked, Resources free, Resources whole) {
    StringJoiner out = new StringJoiner("; ");
    for (Shortfall f : asked.minus(min(asked, free)).asShortfalls()) {
      String r = f.resource();
      out.add(ResourceNames.wireName(r) + " " + asked.amount(r) + " asked, " + free.amount(r) + " free of its "
          + whole.amount(r));
    }
    return out.toString();
  }

  /**
   * The API name of the limit an exec's {@code share} leaves out although its alloc holds some
   * ({@code memory_bytes}, then {@code cpu_mcpus}): its container would run without that limit.
   */
  static java.util.Optional<String> unbounded(Resources share, Resources alloc) {
    if (share.memoryBytes() == 0) {
      return java.util.Optional.of(ResourceNames.MEMORY_BYTES);
    }
    if (share.cpuMillis() == 0 && alloc.cpuMillis() > 0) {
      return java.util.Optional.of(ResourceNames.CPU_MCPUS);
    }
    return java.util.Optional.empty();
  }

  /** For a request beyond the node's capacity: "memory_bytes 8000 asked, the node's capacity is 4000". */
  static String beyondCapacity(List<Shortfall> shortfalls, Resources asked, Resources capacity) {
    StringJoiner out = new StringJoiner("; ");
    for (Shortfall f : shortfalls) {
      String r = f.resource();
      out.add(ResourceNames.wireName(r) + " " + asked.amount(r) + " asked, the node's capacity is " + capacity.amount(r));
    }
    return out.toString();
  }

  /** For a request short now: "memory_bytes 800 asked, 300 free". */
  static String shortNow(List<Shortfall> shortfalls, Resources asked) {
    StringJoiner out = new StringJoiner("; ");
    for (Shortfall f : shortfalls) {
      String r = f.resource();
      out.add(ResourceNames.wireName(r) + " " + asked.amount(r) + " asked, " + (asked.amount(r) - f.amount()) + " free");
    }
    return out.toString();
  }

  private static Resources min(Resources a, Resources b) {
    Resources m = new Resources(Math.min(a.memoryBytes(), b.memoryBytes()), Math.min(a.cpuMillis(), b.cpuMillis()));
    for (String name : a.named().keySet()) {
      m = m.with(name, Math.min(a.amount(name), b.amount(name)));
    }
    return m;
  }
}
