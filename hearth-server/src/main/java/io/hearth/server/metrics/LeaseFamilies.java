package io.hearth.server.metrics;

import io.hearth.server.leases.NodeLeases.LeaseStats;
import io.hearth.server.leases.WireResources;
import io.hearth.server.metrics.Families.Kind;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The node's leases as metric families, read from {@link LeaseStats} at each scrape: allocs by
 * state, what live allocs hold against the node's capacity (memory, CPU, disk and GPUs by name,
 * other named resources under a {@code resource} label), keepalives, reclaims and ended execs by
 * state. States are always listed, at 0 when none is in them, so that series do not vanish. Pure.
 */
final class LeaseFamilies {
  private static final List<String> ALLOC_STATES = List.of("active", "expired", "reclaimed", "freed");
  private static final List<String> EXEC_ENDS = List.of("succeeded", "failed", "killed");
  private static final List<String> FIELDS = List.of(WireResources.MEMORY_BYTES, WireResources.CPU_MCPUS,
      WireResources.DISK_BYTES, WireResources.GPUS);

  private LeaseFamilies() {}

  static List<MetricSnapshot> of(LeaseStats s) {
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(Families.labelled("hearth_allocs", "Allocs on this node by state (reclaimed and freed ones while "
        + "retained)", Kind.GAUGE, "state", always(ALLOC_STATES, s.allocsByState())));
    SortedMap<String, Long> leased = WireResources.toWire(s.leased());
    SortedMap<String, Long> capacity = WireResources.toWire(s.capacity());
    for (String f : FIELDS) {
      out.add(Families.gauge("hearth_leased_" + f, "What live allocs hold: " + f, leased.get(f)));
      out.add(Families.gauge("hearth_capacity_" + f, "The node's capacity: " + f + " (0: not accounted)",
          capacity.get(f)));
    }
    out.add(Families.labelled("hearth_leased_resource", "What live allocs hold of each other named resource",
        Kind.GAUGE, "resource", named(leased, capacity)));
    out.add(Families.labelled("hearth_capacity_resource", "The node's capacity of each other named resource",
        Kind.GAUGE, "resource", named(capacity, leased)));
    out.add(Families.counter("hearth_alloc_keepalives_total", "Keepalives granted", s.keepalives()));
    out.add(Families.counter("hearth_alloc_reclaims_total", "Expired allocs reclaimed to make room", s.reclaims()));
    out.add(Families.labelled("hearth_execs_total", "Execs that ended, by final state", Kind.COUNTER, "state",
        always(EXEC_ENDS, s.execsByEnd())));
    return out;
  }

  /** Each named resource other than the four fields, in either map (0 where missing). */
  private static Map<String, Long> named(Map<String, Long> values, Map<String, Long> other) {
    TreeMap<String, Long> all = new TreeMap<>(values);
    other.keySet().forEach(k -> all.putIfAbsent(k, 0L));
    FIELDS.forEach(all::remove);
    return all;
  }

  private static Map<String, Long> always(List<String> keys, Map<String, Long> values) {
    TreeMap<String, Long> all = new TreeMap<>(values);
    keys.forEach(k -> all.putIfAbsent(k, 0L));
    return all;
  }
}
