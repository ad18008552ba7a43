package io.hearth.server.metrics;

import io.hearth.server.leases.NodeLeases.LeaseStats;
import io.hearth.server.leases.WireResources;
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

  static List<MetricFamily> of(LeaseStats s) {
    List<MetricFamily> out = new ArrayList<>();
    out.add(byLabel("hearth_allocs", "Allocs on this node by state (reclaimed and freed ones while retained)",
        MetricFamily.Type.GAUGE, "state", ALLOC_STATES, s.allocsByState()));
    SortedMap<String, Long> leased = WireResources.toWire(s.leased());
    SortedMap<String, Long> capacity = WireResources.toWire(s.capacity());
    for (String f : FIELDS) {
      out.add(gauge("hearth_leased_" + f, "What live allocs hold: " + f, leased.get(f)));
      out.add(gauge("hearth_capacity_" + f, "The node's capacity: " + f + " (0: not accounted)", capacity.get(f)));
    }
    out.add(named("hearth_leased_resource", "What live allocs hold of each other named resource", leased, capacity));
    out.add(named("hearth_capacity_resource", "The node's capacity of each other named resource", capacity, leased));
    out.add(counter("hearth_alloc_keepalives_total", "Keepalives granted", s.keepalives()));
    out.add(counter("hearth_alloc_reclaims_total", "Expired allocs reclaimed to make room", s.reclaims()));
    out.add(byLabel("hearth_execs_total", "Execs that ended, by final state", MetricFamily.Type.COUNTER, "state",
        EXEC_ENDS, s.execsByEnd()));
    return out;
  }

  /** One sample per named resource other than the four fields, in either map (0 where missing). */
  private static MetricFamily named(String name, String help, Map<String, Long> values, Map<String, Long> other) {
    TreeMap<String, Long> all = new TreeMap<>();
    values.forEach((k, v) -> all.put(k, v));
    other.keySet().forEach(k -> all.putIfAbsent(k, 0L));
    FIELDS.forEach(all::remove);
    List<MetricFamily.Sample> samples = new ArrayList<>();
    all.forEach((k, v) -> samples.add(new MetricFamily.Sample(name, List.of("resource"), List.of(k), v)));
    return new MetricFamily(name, help, MetricFamily.Type.GAUGE, samples);
  }

  private static MetricFamily byLabel(String name, String help, MetricFamily.Type type, String label,
      List<String> always, Map<String, Long> values) {
    TreeMap<String, Long> all = new TreeMap<>(values);
    always.forEach(k -> all.putIfAbsent(k, 0L));
    List<MetricFamily.Sample> samples = new ArrayList<>();
    all.forEach((k, v) -> samples.add(new MetricFamily.Sample(name, List.of(label), List.of(k), v)));
    return new MetricFamily(name, help, type, samples);
  }

  private static MetricFamily gauge(String name, String help, double value) {
    return new MetricFamily(name, help, MetricFamily.Type.GAUGE, List.of(MetricFamily.Sample.of(name, value)));
  }

  private static MetricFamily counter(String name, String help, double value) {
    return new MetricFamily(name, help, MetricFamily.Type.COUNTER, List.of(MetricFamily.Sample.of(name, value)));
  }
}
