package io.hearth.server.jobs.dispatch;

import io.hearth.client.Offer;
import io.hearth.client.Offers;
import io.hearth.core.job.dispatch.InstanceType;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runners an api node's dispatcher places jobs on, and their classes, as the runners' offers
 * say them. A runner that declares {@code HEARTH_INSTANCE_TYPE} carries it as its offer's {@code
 * instance_type}: it must be one of the api node's {@code HEARTH_INSTANCE_TYPES} (a runner naming
 * another is left out, with a warning). A runner that declares none is a class of its own: {@value
 * #IMPLICIT_PREFIX}{@code <node id>}, its capacity as the offer says it, price 0 — as an all-in-one
 * node is, so a small cluster runs jobs without a types file. Runners are remembered from every
 * offer seen (a full runner makes none), with nothing free until they offer again.
 *
 * <p>Threads: its methods are synchronized (looks come from the dispatcher thread and io takes).
 */
final class RunnerClasses {
  private static final Logger log = LoggerFactory.getLogger(RunnerClasses.class);
  /** What the name of an undeclared runner's own class starts with. */
  static final String IMPLICIT_PREFIX = "runner.";

  private final List<InstanceType> configured;
  private final Map<String, NodeOffer> seen = new LinkedHashMap<>();
  private final Set<String> warned = new HashSet<>();

  /** @param configured the api node's {@code HEARTH_INSTANCE_TYPES} (empty when it has none) */
  RunnerClasses(List<InstanceType> configured) {
    this.configured = List.copyOf(configured);
  }

  /** The runners known now with what their offers say is free, and the classes: configured plus undeclared runners'. */
  synchronized JobNodes.Look look(Offers offers) {
    Map<String, Resources> free = new LinkedHashMap<>();
    for (Offer o : offers.items()) {
      String type = o.instanceType().orElse(implicitName(o.nodeId()));
      if (o.instanceType().isPresent() && configured.stream().noneMatch(t -> t.name().equals(type))) {
        if (warned.add(o.nodeId() + "/" + type)) {
          log.warn("runner {} declares instance type '{}', which is not one of this node's HEARTH_INSTANCE_TYPES {}:"
              + " no jobs are placed on it", o.nodeId(), type, configured.stream().map(InstanceType::name).toList());
        }
        seen.remove(o.nodeId());
        continue;
      }
      seen.put(o.nodeId(), new NodeOffer(o.nodeId(), type, o.capacity(), Resources.ZERO));
      free.put(o.nodeId(), o.available());
    }
    List<NodeOffer> nodes = new ArrayList<>();
    List<InstanceType> types = new ArrayList<>(configured);
    for (NodeOffer n : seen.values()) {
      nodes.add(new NodeOffer(n.nodeId(), n.instanceType(), n.capacity(), free.getOrDefault(n.nodeId(), Resources.ZERO)));
      if (n.instanceType().startsWith(IMPLICIT_PREFIX) && configured.stream().noneMatch(t -> t.name().equals(n.instanceType()))) {
        types.add(implicit(n.instanceType(), n.capacity()));
      }
    }
    return new JobNodes.Look(nodes, offers.unreachable().isEmpty(), Optional.of(NodeClasses.configured(types)));
  }

  /** The class name of an undeclared runner: the prefix and its node id (characters a type name may not have as {@code _}). */
  static String implicitName(String nodeId) {
    return IMPLICIT_PREFIX + nodeId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** A runner's own class: its CPUs rounded down (at least one), memory, disk and GPUs; price 0. */
  static InstanceType implicit(String name, Resources capacity) {
    int vcpus = (int) Math.max(1, capacity.cpuMillis() / 1000);
    return new InstanceType(name, vcpus, Math.max(1, capacity.memoryBytes()), capacity.amount(Resources.DISK),
        (int) capacity.amount(Resources.GPU), BigDecimal.ZERO, false);
  }
}
