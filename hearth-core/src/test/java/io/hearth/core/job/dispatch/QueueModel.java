package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test's queue and nodes, kept apart from the pass: it applies a pass's actions as a shell would
 * (every lock and start succeeds), frees a node's room when a job ends, and hands the reservation
 * from one pass to the next.
 */
final class QueueModel {
  final Map<String, QueuedJob> jobs = new LinkedHashMap<>();
  final Map<String, NodeOffer> nodes = new LinkedHashMap<>();
  /** The request each running job holds, by job id. */
  final Map<String, Resources> holding = new LinkedHashMap<>();
  final List<List<DispatchAction>> passes = new ArrayList<>();
  final DispatchSettings settings;
  Set<String> lost = Set.of();
  Optional<Reservation> reservation = Optional.empty();

  QueueModel(DispatchSettings settings) {
    this.settings = settings;
  }

  QueueModel node(NodeOffer offer) {
    nodes.put(offer.nodeId(), offer);
    return this;
  }

  QueueModel add(QueuedJob job) {
    jobs.put(job.id(), job);
    return this;
  }

  /** Adds {@code job}, locked by this dispatcher and running on {@code node} since {@code at}, holding its room. */
  QueueModel running(QueuedJob job, String node, Instant at) {
    QueuedJob r = job.lockedBy(settings.dispatcher()).runningOn(node, at);
    jobs.put(r.id(), r);
    Resources request = r.need().request(settings.chooser().overheadBytes());
    holding.put(r.id(), request);
    NodeOffer n = nodes.get(node);
    nodes.put(node, new NodeOffer(node, n.instanceType(), n.capacity(), n.free().minus(DispatchPass.charged(n, request))));
    return this;
  }

  /** Runs one pass at {@code now} and applies it; answers its actions. */
  List<DispatchAction> pass(Instant now) {
    PassResult result = DispatchPass.run(new PassInput(List.copyOf(jobs.values()), List.copyOf(nodes.values()), lost,
        reservation), now, settings);
    reservation = result.reservation();
    for (DispatchAction a : result.actions()) {
      apply(a, now);
    }
    passes.add(result.actions());
    return result.actions();
  }

  void apply(DispatchAction action, Instant now) {
    QueuedJob job = jobs.get(action.jobId());
    switch (action) {
      case DispatchAction.Lock l -> jobs.put(job.id(), job.lockedBy(settings.dispatcher()));
      case DispatchAction.Start s -> {
        jobs.put(job.id(), job.runningOn(s.nodeId(), now));
        holding.put(job.id(), s.request());
        NodeOffer n = nodes.get(s.nodeId());
        nodes.put(n.nodeId(), new NodeOffer(n.nodeId(), n.instanceType(), n.capacity(),
            n.free().minus(DispatchPass.charged(n, s.request()))));
      }
      case DispatchAction.Unlock u -> jobs.put(job.id(), job.unlocked());
      case DispatchAction.Cancel c -> jobs.remove(job.id());
      case DispatchAction.Kill k -> finish(job.id());
      case DispatchAction.Retry r -> {
        holding.remove(job.id()); // its room went with the lost node
        jobs.put(job.id(), job.nextAttempt());
      }
      case DispatchAction.KeepLocked k -> { }
      case DispatchAction.Hold h -> { }
    }
  }

  /** The running job ends: it leaves the queue and its room is free again. */
  void finish(String id) {
    QueuedJob job = jobs.remove(id);
    Resources held = holding.remove(id);
    NodeOffer n = nodes.get(job.nodeId());
    if (n != null && held != null) {
      nodes.put(n.nodeId(), new NodeOffer(n.nodeId(), n.instanceType(), n.capacity(),
          n.free().plus(DispatchPass.charged(n, held))));
    }
  }

  QueuedJob job(String id) {
    return jobs.get(id);
  }
}
