package io.hearth.server;

import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.InstanceType;
import io.hearth.core.job.dispatch.InstanceTypes;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.jobs.MeteredJobStore;
import io.hearth.server.jobs.dispatch.Dispatcher;
import io.hearth.server.jobs.dispatch.DispatcherSettings;
import io.hearth.server.jobs.dispatch.ExchangeJobNodes;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.jobs.JobCoordination;
import io.hearth.store.jobs.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The jobs of an all-in-one node: the job store with its signals and dispatcher lock ({@link
 * JobCoordination}, chosen by the datastore), and — unless {@code HEARTH_DISPATCHER=false} — the
 * {@link Dispatcher} that runs them in leases on this node through its own allocs handler. The
 * dispatcher is named after the node; the node's class is the implicit one of its capacity, or
 * {@code HEARTH_INSTANCE_TYPE} of {@code HEARTH_INSTANCE_TYPES} when that is set. Closing stops the
 * dispatcher (leaving job containers running for the next start to re-adopt), then the signals
 * and the lock.
 */
record JobDispatchWiring(JobCoordination coordination, Optional<Dispatcher> dispatcher) implements AutoCloseable {

  static JobDispatchWiring start(JobSettings settings, String nodeId, Resources capacity, Database db,
      DatastoreConfig datastore, LeaseExchange.Handler allocs, JobMetrics metrics, Clock clock, Scheduler scheduler) {
    NodeClasses classes = classes(settings, capacity);
    String type = settings.instanceTypesFile().isEmpty() ? NodeClasses.ALL_IN_ONE : settings.instanceType();
    JobCoordination coordination = JobCoordination.open(db, datastore);
    if (!settings.dispatcher()) {
      return new JobDispatchWiring(coordination, Optional.empty());
    }
    try {
      DispatcherSettings ds = DispatcherSettings.defaults(
          DispatchSettings.defaults(DispatcherSettings.nameOf(nodeId), classes, 0), settings.maxOutputBytes());
      List<NodeOffer> self = List.of(new NodeOffer(nodeId, type, capacity, Resources.ZERO));
      // The dispatcher's changes counted on /metrics (locks, unlocks, starts' waits, outcomes).
      Dispatcher d = Dispatcher.start(ds, new MeteredJobStore(coordination.store(), metrics),
          new ExchangeJobNodes(allocs, () -> self),
          coordination.signals(), coordination.lock(), clock, scheduler);
      return new JobDispatchWiring(coordination, Optional.of(d));
    } catch (RuntimeException e) {
      coordination.close();
      throw e;
    }
  }

  JobStore store() {
    return coordination.store();
  }

  /** The implicit class of this node's capacity, or the configured ones (this node's among them). */
  static NodeClasses classes(JobSettings settings, Resources capacity) {
    if (settings.instanceTypesFile().isEmpty()) {
      return NodeClasses.allInOne(capacity);
    }
    return configured(settings);
  }

  /** The types of {@code HEARTH_INSTANCE_TYPES} (empty when unset), read now. */
  static List<InstanceType> types(JobSettings settings) {
    String file = settings.instanceTypesFile();
    if (file.isEmpty()) {
      return List.of();
    }
    try {
      return InstanceTypes.parse(file, Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HEARTH_INSTANCE_TYPES " + file + ": " + e.getMessage(), e);
    }
  }

  /** The configured types, this node's declared {@code HEARTH_INSTANCE_TYPE} among them (else it throws). */
  static NodeClasses configured(JobSettings settings) {
    String file = settings.instanceTypesFile();
    List<InstanceType> types = types(settings);
    NodeClasses classes = NodeClasses.configured(types);
    if (settings.instanceType().isEmpty()) {
      throw new IllegalArgumentException("HEARTH_INSTANCE_TYPES is set: set HEARTH_INSTANCE_TYPE to the class this "
          + "node is, one of the types in " + file + " (" + types.stream().map(InstanceType::name).toList() + ")");
    }
    if (classes.named(settings.instanceType()).isEmpty()) {
      throw new IllegalArgumentException("HEARTH_INSTANCE_TYPE '" + settings.instanceType() + "' is not one of the"
          + " types in " + file + " (" + types.stream().map(InstanceType::name).toList() + ")");
    }
    return classes;
  }

  @Override
  public void close() {
    try {
      dispatcher.ifPresent(Dispatcher::close);
    } finally {
      coordination.close();
    }
  }
}
